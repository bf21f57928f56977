package paxoschat;

import java.util.Arrays;

import paxoschat.master.MasterCli;
import paxoschat.server.ServerApplication;
import paxoschat.warmstart.Prefault;
import paxoschat.warmstart.WarmTemplate;

/**
 * The one entry point of the jar: {@code master [serve N]} runs the master CLI, which never
 * starts Spring; {@code template} the JVM that the warm start checkpoints, and
 * {@code prefault-image} a step of making its image; anything else starts a server.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("master")) {
            MasterCli.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("template")) {
            WarmTemplate.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("prefault-image")) {
            Prefault.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("server")) {
            ServerApplication.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            ServerApplication.main(args);
        }
    }
}
