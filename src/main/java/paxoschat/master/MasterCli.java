package paxoschat.master;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * {@code master} reads a script on stdin (SPEC §1); {@code master serve N} runs a cluster
 * until interrupted. Plain Java on purpose: no Spring, so that the master starts in a
 * fraction of a second. stdout carries only printChatLog output, everything else goes to
 * stderr; at EOF or on SIGINT/SIGTERM every server is stopped and the exit code is 0.
 */
public final class MasterCli {

    private MasterCli() {
    }

    public static void main(String[] args) throws Exception {
        // UTF-8 whatever the locale: the harness compares bytes.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(err); // stray library output must never reach the harness's stdout
        System.setErr(err);

        Cluster cluster = new Cluster(ServerLauncher.fromSystemProperties(logDir()), Http.CLIENT, Http.PROBE,
                msg -> err.println("master: " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-servers"));
        ExitOnSignal.install();

        // Options (--name=value) may come before or after the words; the launcher passes them on.
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--storage=memory")) {
                continue; // the default: a restarted server comes back without its state
            } else if (arg.startsWith("--")) {
                err.println("master: option " + arg + " is not supported by this master; ignored"
                        + " (servers keep their state in memory only)");
            } else {
                words.add(arg);
            }
        }
        args = words.toArray(new String[0]);
        if (args.length >= 1 && args[0].equals("serve")) {
            serve(args, cluster, out, err);
        } else if (args.length == 0) {
            BufferedReader script = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Master master = new Master(cluster, out, msg -> err.println("master: " + msg),
                    System::currentTimeMillis, Pause.REAL, UUID.randomUUID().toString().substring(0, 8));
            master.run(script);
        } else {
            err.println("usage: master-cli < script    or    master-cli serve N");
            cluster.close();
            out.flush();
            System.exit(2);
        }
        cluster.close();
        out.flush();
        System.exit(0);
    }

    private static void serve(String[] args, Cluster cluster, PrintStream out, PrintStream err)
            throws InterruptedException {
        int n;
        try {
            n = Integer.parseInt(args.length == 2 ? args[1] : "");
        } catch (NumberFormatException e) {
            err.println("usage: master-cli serve N   (N >= 1 servers)");
            System.exit(2);
            return;
        }
        if (n < 1) {
            err.println("usage: master-cli serve N   (N >= 1 servers)");
            System.exit(2);
        }
        try {
            cluster.start(n);
        } catch (ClusterControl.ClusterException e) {
            err.println("master: " + e.getMessage());
            cluster.close();
            System.exit(1);
        }
        for (int i = 0; i < n; i++) {
            out.println(cluster.baseUrl(i));
        }
        out.flush();
        err.println("master: " + n + " servers running; logs in " + logDir() + "; Ctrl-C stops them");
        // Until a signal; the shutdown hook stops the servers.
        new java.util.concurrent.CountDownLatch(1).await();
    }

    private static Path logDir() {
        return LOG_DIR;
    }

    private static final Path LOG_DIR = Path.of(System.getProperty("paxos.log-dir", "logs"))
            .resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))
                    + "-" + ProcessHandle.current().pid());
}
