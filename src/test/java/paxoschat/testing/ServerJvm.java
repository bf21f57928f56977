package paxoschat.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which JVM runs a test's server, with which flags, from which code: this test JVM's class
 * path ({@code -cp ... paxoschat.Main}), as the master runs servers, or the packaged jar
 * ({@code -jar target/paxos-chat.jar}), as a user's machine runs one. The server's own
 * arguments come from {@link paxoschat.master.ServerLauncher}, so that tests start servers
 * with the arguments the master gives them.
 */
public record ServerJvm(String java, List<String> flags, List<String> code) {

    /**
     * Small JVMs for a small machine, as ./master-cli uses for servers; not its start-up
     * caches or Spring AOT, which a test's class path (or the fault endpoint) cannot use.
     */
    public static final List<String> SMALL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "-Xms24m", "-Xmx160m", "-Xshare:auto");

    public ServerJvm {
        flags = List.copyOf(flags);
        code = List.copyOf(code);
    }

    /** This JVM's java with {@link #SMALL} flags, running the server from this JVM's own class path. */
    public static ServerJvm thisClassPath() {
        return new ServerJvm(thisJava(), SMALL, List.of("-cp", System.getProperty("java.class.path"), "paxoschat.Main"));
    }

    /** This JVM's java with {@link #SMALL} flags, running the packaged server {@code jar}. */
    public static ServerJvm jar(Path jar) {
        return new ServerJvm(thisJava(), SMALL, List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /** The same with {@code more} flags after these, so that a later one of a kind wins. */
    public ServerJvm withFlags(List<String> more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(more);
        return new ServerJvm(java, all, code);
    }

    /** The whole command of a server started with {@code serverArguments}. */
    public List<String> command(List<String> serverArguments) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(code);
        command.add("server");
        command.addAll(serverArguments);
        return command;
    }

    private static String thisJava() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
