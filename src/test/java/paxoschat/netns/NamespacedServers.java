package paxoschat.netns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The three servers of the namespace test, each the packaged jar ({@code java -jar
 * target/paxos-chat.jar server}) in its host's namespace, bound to that host's address only,
 * on the same port on every host, with its peers named by their addresses, as three machines
 * would run it. Disk mode, a data directory each. Each server also runs with
 * {@code paxos.faults.enabled=true}, only so that {@code /admin/faults} exists for the outsider
 * to try: the test's faults are made in the kernel, never through it.
 *
 * <p>The port is fixed because each server has a fresh namespace to itself: nothing else
 * listens there. Standard input stays an open pipe, so with {@code paxos.exit-with-parent}
 * the servers die with the test JVM however it dies; {@link #close()} kills them first.
 */
final class NamespacedServers implements AutoCloseable {

    static final int PORT = 8080;
    /**
     * Small JVMs for a small machine, as ./master-cli uses for servers; not its Spring AOT,
     * which cannot run the fault endpoint that the outsider is to find there.
     */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "-Xms24m", "-Xmx160m", "-Xshare:auto");

    private final Namespaces net;
    private final List<String> hosts;
    private final Path jar;
    private final Path dir;
    private final List<String> credentials;
    private final List<Process> processes = new ArrayList<>();

    /**
     * @param credentials the arguments naming the files of the cluster's secrets (paths, never
     *                    the secrets themselves, which no command line may show)
     */
    NamespacedServers(Namespaces net, List<String> hosts, Path jar, Path dir, List<String> credentials) {
        this.net = net;
        this.hosts = List.copyOf(hosts);
        this.jar = jar;
        this.dir = dir;
        this.credentials = List.copyOf(credentials);
    }

    String url(int node) {
        return "http://" + net.address(hosts.get(node)) + ":" + PORT;
    }

    List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            urls.add(url(i));
        }
        return urls;
    }

    int size() {
        return hosts.size();
    }

    /** The arguments of server {@code node}: what each of three hosts would be started with. */
    List<String> arguments(int node) {
        List<String> args = new ArrayList<>(List.of(
                "--server.address=" + net.address(hosts.get(node)),
                "--server.port=" + PORT,
                "--paxos.node-id=" + node,
                "--paxos.peers=" + String.join(",", urls()),
                "--paxos.storage=disk",
                "--paxos.data-dir=" + dir.resolve("node-" + node).toAbsolutePath(),
                "--paxos.bootstrap=true", // each server starts once, on a new directory
                "--paxos.exit-with-parent=true",
                "--paxos.faults.enabled=true"));
        args.addAll(credentials);
        return args;
    }

    void startAll() {
        for (int i = 0; i < hosts.size(); i++) {
            start(i);
        }
    }

    private void start(int node) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "server"));
        command.addAll(arguments(node));
        ProcessBuilder builder = new ProcessBuilder(net.inside(hosts.get(node), command)).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log(node).toFile()));
        try {
            // `ip netns exec` becomes the java process: this handle is the server itself.
            synchronized (this) {
                processes.add(builder.start());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start server " + node, e);
        }
    }

    synchronized boolean alive(int node) {
        return node < processes.size() && processes.get(node).isAlive();
    }

    /** How each server that is gone ended, e.g. "server 2 exited 1 (see ...)". */
    synchronized List<String> dead() {
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                dead.add("server " + i + " exited " + processes.get(i).exitValue() + " (see " + log(i) + ")");
            }
        }
        return dead;
    }

    Path log(int node) {
        return dir.resolve("server-" + node + ".log");
    }

    String describe() {
        return hosts.stream().map(h -> h + "=" + net.address(h) + ":" + PORT).collect(Collectors.joining(", "));
    }

    @Override
    public synchronized void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
