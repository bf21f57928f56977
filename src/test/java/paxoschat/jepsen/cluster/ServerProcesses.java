package paxoschat.jepsen.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import paxoschat.net.Ports;
import paxoschat.master.ServerLauncher;

/**
 * The server processes of one fault-testing run: real JVMs on free ports of 127.0.0.1,
 * started like the master starts them ({@link ServerLauncher}) from this JVM's class path,
 * with the fault filter on, in disk or memory mode. Crash is SIGKILL, restart is a new process
 * on the same port (amnesiac in memory mode, resuming from its data directory in disk mode),
 * pause and resume are SIGSTOP and SIGCONT. Each server's network fault plan is kept
 * in force by {@link PlanSync}, which reads it back from every running server each round and
 * sets it again where it differs: a paused or restarting server gets its plan as soon as it
 * answers, and one that applied an older request last is put right. {@link #close()} kills everything it started, paused ones included,
 * and a shutdown hook does the same if the test JVM is stopped; the servers also halt on
 * their own when this JVM dies (their stdin pipe closes).
 */
public final class ServerProcesses implements AutoCloseable {

    /** Flags for small JVMs on a small machine, as ./master-cli uses for servers. */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "-Xms24m", "-Xmx160m", "-Xshare:auto");

    private final int n;
    private final ServerLauncher launcher;
    private final Path dataRoot;
    private final List<String> serverArgs;
    private final OkHttpClient http;
    private final List<Integer> ports;
    private final String peers;
    private final Process[] processes;
    private final boolean[] paused;
    private final PlanSync plans;
    private final List<ProcessHandle> everStarted = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "jepsen-cleanup");
    private boolean closed;

    /**
     * @param marker     a word that appears in each server's command line (to find strays)
     * @param serverArgs extra server arguments, e.g. --paxos.request-timeout=2s
     * @param dataRoot   null for memory mode; else disk mode, each server keeping its data
     *                   directory under it across crashes and restarts (deleted at close)
     */
    public ServerProcesses(int n, Path logDir, String marker, List<String> serverArgs, Path dataRoot) {
        this.n = n;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> jvm = new ArrayList<>(JVM_FLAGS);
        jvm.add("-Djepsen.marker=" + marker);
        ServerLauncher memory = new ServerLauncher(java, jvm, System.getProperty("java.class.path"), logDir);
        this.launcher = dataRoot == null ? memory : memory.withDataRoot(dataRoot);
        this.dataRoot = dataRoot;
        this.serverArgs = List.copyOf(serverArgs);
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(300))
                .callTimeout(Duration.ofMillis(1000)).build();
        this.ports = Ports.free(n);
        this.peers = ports.stream().map(p -> "http://127.0.0.1:" + p).collect(Collectors.joining(","));
        this.processes = new Process[n];
        this.paused = new boolean[n];
        try {
            Files.createDirectories(logDir);
            if (dataRoot != null) {
                deleteRecursively(dataRoot); // left by an earlier run that was killed
                Files.createDirectories(dataRoot);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
        this.plans = new PlanSync(n, server -> url(server) + "/admin/faults",
                server -> isAlive(server) && !isPaused(server), Duration.ofMillis(100));
    }

    public int size() {
        return n;
    }

    public String url(int server) {
        return "http://127.0.0.1:" + ports.get(server);
    }

    /** Starts every server and waits until all are ready. */
    public void start(Duration timeout) {
        for (int i = 0; i < n; i++) {
            spawn(i, false);
        }
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int i = 0; i < n; i++) {
                if (!isAlive(i)) {
                    throw new IllegalStateException("server " + i + " exited while starting; see "
                            + launcher.logFile(i));
                }
            }
            for (int i = 0; i < n; i++) {
                if (!ready(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    public synchronized boolean isAlive(int server) {
        return processes[server] != null && processes[server].isAlive();
    }

    public synchronized boolean isPaused(int server) {
        return paused[server];
    }

    public synchronized Long pid(int server) {
        return processes[server] == null ? null : processes[server].pid();
    }

    /** SIGKILL; a paused process dies too. */
    public void crash(int server) {
        Process p;
        synchronized (this) {
            p = processes[server];
            paused[server] = false;
        }
        if (p != null) {
            p.destroyForcibly();
            waitFor(p);
        }
    }

    /**
     * A new process for a crashed server: in memory mode amnesiac, recovering from the
     * others; in disk mode resuming from its data directory.
     */
    public void restart(int server) {
        if (isAlive(server)) {
            throw new IllegalStateException("server " + server + " is running");
        }
        spawn(server, true);
    }

    public void pause(int server) {
        synchronized (this) {
            if (!isAlive(server) || paused[server]) {
                return;
            }
            Signals.stop(processes[server].pid());
            paused[server] = true;
        }
    }

    public void resume(int server) {
        synchronized (this) {
            if (!paused[server]) {
                return;
            }
            paused[server] = false;
            if (isAlive(server)) {
                Signals.cont(processes[server].pid());
            }
        }
    }

    /** Sets a server's fault plan (the JSON of POST /admin/faults); kept in force until changed. */
    public void setPlan(int server, String json) {
        plans.set(server, json);
    }

    /** Whether every live, unpaused server showed the plan it was last given when last asked. */
    public boolean plansSettled() {
        return plans.settled();
    }

    /** Readiness as the server reports it: recovered and caught up. */
    public boolean ready(int server) {
        if (!isAlive(server) || isPaused(server)) {
            return false;
        }
        Request request = new Request.Builder().url(url(server) + "/actuator/health/readiness").get().build();
        try (Response response = http.newCall(request).execute()) {
            return response.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public Path logFile(int server) {
        return launcher.logFile(server);
    }

    private void spawn(int server, boolean amnesiac) {
        List<String> command = new ArrayList<>(launcher.command(server, ports.get(server), peers, amnesiac));
        command.add("--paxos.faults.enabled=true");
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(launcher.logFile(server).toFile()));
        // stdin stays an open pipe: with --paxos.exit-with-parent the server dies with this JVM.
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed: server " + server + " not started");
            }
            try {
                processes[server] = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start server " + server, e);
            }
            everStarted.add(processes[server].toHandle());
            paused[server] = false;
        }
        // A new process starts without faults; it must get its plan again.
        plans.restarted(server);
    }

    /** Every process this object ever started, to check that none is left. */
    public synchronized List<ProcessHandle> everStarted() {
        return List.copyOf(everStarted);
    }

    @Override
    public void close() {
        plans.close();
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (dataRoot != null) {
            try {
                deleteRecursively(dataRoot);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dataRoot, e);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void killAll() {
        List<ProcessHandle> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(everStarted);
        }
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                // SIGCONT first: a stopped process is killed by SIGKILL too, but its children
                // and any debugger view are saner if it runs again.
                try {
                    Signals.cont(p.pid());
                } catch (RuntimeException e) {
                    // it may have died meanwhile
                }
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's leftover check
            }
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
