package paxoschat.master;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import paxoschat.warmstart.WarmImage;

/**
 * How a server JVM is started: which java, which JVM flags, which class path, which
 * arguments. The launcher script passes {@code paxos.java} and {@code paxos.server.jvm-opts};
 * the class path is the master's own, so master and servers always run the same build.
 *
 * <p>{@code dataRoot}: null for memory mode (a restarted server is amnesiac and recovers
 * before it votes); otherwise disk mode, each server keeping its write-ahead log in
 * {@code dataRoot/node-i} and resuming from it on restart (docs/storage.md).
 *
 * <p>{@code warm}: null, or the warm start's image, from which servers are restored instead
 * of started cold ({@link WarmImage}); the JVM options are then the image's own.
 *
 * <p>{@code host}: the address servers listen on and are reached at; {@code settings}:
 * server settings ({@code --name=value}) of the user's, given to every server after the
 * master's own, none of which they may repeat (see {@link MasterOptions}).
 */
public record ServerLauncher(String java, List<String> jvmOptions, String classPath, Path logDir, Path dataRoot,
                             WarmImage warm, String host, List<String> settings) {

    public static final String LOOPBACK = "127.0.0.1";

    public ServerLauncher {
        jvmOptions = List.copyOf(jvmOptions);
        settings = List.copyOf(settings);
    }

    public ServerLauncher(String java, List<String> jvmOptions, String classPath, Path logDir) {
        this(java, jvmOptions, classPath, logDir, null, null, LOOPBACK, List.of());
    }

    /** The same launcher with servers in disk mode under {@code root}. */
    public ServerLauncher withDataRoot(Path root) {
        return new ServerLauncher(java, jvmOptions, classPath, logDir, root, warm, host, settings);
    }

    /**
     * The same launcher with one more JVM option, which wins over an earlier one of its kind.
     * Servers then start cold: a restored server keeps the options of the warm image.
     */
    public ServerLauncher withJvmOption(String option) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(option);
        return new ServerLauncher(java, options, classPath, logDir, dataRoot, null, host, settings);
    }

    /** The same launcher restoring servers from {@code image}, or starting them cold if null. */
    public ServerLauncher withWarmImage(WarmImage image) {
        return new ServerLauncher(java, jvmOptions, classPath, logDir, dataRoot, image, host, settings);
    }

    /** The same launcher with servers on {@code address} and the user's {@code serverSettings}. */
    public ServerLauncher withNetwork(String address, List<String> serverSettings) {
        return new ServerLauncher(java, jvmOptions, classPath, logDir, dataRoot, warm, address, serverSettings);
    }

    /** A server's base URL: its host (an IPv6 literal in brackets) and {@code port}. */
    public String urlOf(int port) {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean durable() {
        return dataRoot != null;
    }

    public Path dataDir(int node) {
        return dataRoot.resolve("node-" + node);
    }

    public static ServerLauncher fromSystemProperties(Path logDir) {
        String java = System.getProperty("paxos.java",
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        String opts = System.getProperty("paxos.server.jvm-opts", "").strip();
        List<String> jvmOptions = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
        return new ServerLauncher(java, jvmOptions, System.getProperty("java.class.path"), logDir, null,
                WarmImage.fromSystemProperties().orElse(null), LOOPBACK, List.of());
    }

    /** The command of a cold start; see {@link #serverArguments}. */
    public List<String> command(int node, int port, String peers, boolean restart) {
        return command(node, port, peers, restart, 0);
    }

    public List<String> command(int node, int port, String peers, boolean restart, long predecessorDiedAt) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add("paxoschat.Main");
        command.add("server");
        command.addAll(serverArguments(node, port, peers, restart, predecessorDiedAt));
        return command;
    }

    /**
     * @param restart           the server ran before: in memory mode it comes back amnesiac
     * @param predecessorDiedAt when the master saw the server's previous process dead (epoch
     *                          ms), 0 if it did not: an amnesiac server's recovery delay
     *                          counts from then (PaxosProperties.recoveryDelayTicks)
     */
    public List<String> serverArguments(int node, int port, String peers, boolean restart, long predecessorDiedAt) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        args.add("--server.address=" + host);
        args.add("--paxos.node-id=" + node);
        args.add("--paxos.peers=" + peers);
        if (durable()) {
            args.add("--paxos.storage=disk");
            args.add("--paxos.data-dir=" + dataDir(node).toAbsolutePath());
            args.add("--paxos.amnesiac=false");
        } else {
            args.add("--paxos.storage=memory");
            args.add("--paxos.amnesiac=" + restart);
            if (restart && predecessorDiedAt > 0) {
                args.add("--paxos.predecessor-died-at=" + predecessorDiedAt);
            }
        }
        // The server halts when its stdin closes, i.e. when the master dies, however it dies.
        args.add("--paxos.exit-with-parent=true");
        args.addAll(settings);
        return args;
    }

    public Path logFile(int node) {
        return logDir.resolve("server-" + node + ".log");
    }

    /** Where CRIU writes the id of a restored server, and what it has to say. */
    public Path pidFile(int node) {
        return logDir.resolve("server-" + node + ".pid");
    }

    public Path restoreLog(int node) {
        return logDir.resolve("server-" + node + ".restore.log");
    }
}
