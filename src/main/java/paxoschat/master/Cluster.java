package paxoschat.master;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import okhttp3.OkHttpClient;

import paxoschat.net.Ports;
import paxoschat.warmstart.ServerArguments;

/**
 * The server processes of one master run. Each server is a JVM on a port picked once and
 * kept across restarts (its peers know it by that address); its output goes to a log file,
 * never to the master's stdout, which the harness waits on; its stdin stays an open pipe
 * that the master never writes (but for a restored server's arguments, first), so that it
 * dies with the master.
 */
public final class Cluster implements ClusterControl {

    /**
     * Between readiness probes of starting servers. Probing ten servers every 20 ms cost
     * the master over a CPU-second of a ten-server start, CPU the servers were waiting for.
     */
    static final long READY_POLL_MILLIS = 50;

    /**
     * Cold-started servers starting at once, at most (see {@link StaggeredStart}). One more
     * than the cores: on two cores, ten servers started 2 or 3 at a time were all ready
     * sooner than ten at once, and 3 at a time starts a three-server cluster all at once.
     */
    static final int STARTING_AT_ONCE = Runtime.getRuntime().availableProcessors() + 1;

    /**
     * How long restartServer waits for a server to be ready, or to be found stranded: far
     * more than a restart takes (a second or two), so only a server that hangs hits it.
     */
    static final long RESTART_PATIENCE_MILLIS = 60_000;

    private final ServerLauncher launcher;
    /** Server i listens on basePort + i; 0 for free ports. */
    private final int basePort;
    private final InetAddress address;
    private final OkHttpClient http;
    private final OkHttpClient probe;
    private final Consumer<String> diagnostics;
    private final LongSupplier millis = System::currentTimeMillis;

    private final List<Node> nodes = new ArrayList<>();
    private String peers;
    private boolean started;
    /** Guards spawning against close() from a signal: no process may start after close. */
    private boolean closed;
    /** Once CRIU could not be run, the rest of the run starts servers cold. */
    private boolean warmStartFailed;

    private static final class Node {
        final int port;
        final HttpServerApi api;
        volatile ServerProcess process;
        /** When this master saw the server's last process dead after killing it; 0 if not. */
        volatile long diedAt;

        Node(int port, HttpServerApi api) {
            this.port = port;
            this.api = api;
        }
    }

    public Cluster(ServerLauncher launcher, OkHttpClient http, OkHttpClient probe, Consumer<String> diagnostics) {
        this(launcher, 0, http, probe, diagnostics);
    }

    public Cluster(ServerLauncher launcher, int basePort, OkHttpClient http, OkHttpClient probe,
                   Consumer<String> diagnostics) {
        this.launcher = launcher;
        this.basePort = basePort;
        try {
            this.address = InetAddress.getByName(launcher.host());
        } catch (UnknownHostException e) {
            throw new ClusterException("cannot resolve the servers' address " + launcher.host() + ": " + e.getMessage());
        }
        this.http = http;
        this.probe = probe;
        this.diagnostics = diagnostics;
    }

    @Override
    public void start(int n) {
        if (started) {
            throw new ClusterException("start: the cluster is already started");
        }
        started = true;
        List<Integer> ports;
        try {
            ports = basePort > 0 ? Ports.range(address, basePort, n) : Ports.free(address, n);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ClusterException("start: " + e.getMessage());
        }
        for (int port : ports) {
            nodes.add(new Node(port, new HttpServerApi(launcher.urlOf(port), http, probe)));
        }
        peers = ports.stream().map(launcher::urlOf).collect(Collectors.joining(","));
        try {
            Files.createDirectories(launcher.logDir());
        } catch (IOException e) {
            throw new ClusterException("cannot create log directory " + launcher.logDir() + ": " + e);
        }
        // Ten JVMs starting on two cores take a while; scale the patience with the count.
        // Restores from the warm image, on the other hand, all at once: ten servers were
        // ready in 5.0-5.5 s so, against 6.5-6.9 s three at a time (README, Start-up).
        int atOnce = restores() ? n : STARTING_AT_ONCE;
        starter().run(IntStream.range(0, n).boxed().toList(), atOnce, List.of(), Math.max(120_000, 15_000L * n));
    }

    @Override
    public boolean started() {
        return started;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public boolean isAlive(int server) {
        ServerProcess p = nodes.get(server).process;
        return p != null && p.isAlive();
    }

    @Override
    public ServerApi api(int server) {
        return nodes.get(server).api;
    }

    @Override
    public boolean durable() {
        return launcher.durable();
    }

    /** Where servers keep their data in disk mode, or null in memory mode. */
    public Path dataRoot() {
        return launcher.dataRoot();
    }

    public String baseUrl(int server) {
        return nodes.get(server).api.baseUrl();
    }

    @Override
    public void crash(int server) {
        Node node = nodes.get(server);
        ServerProcess p = node.process;
        if (p != null) {
            p.kill(); // SIGKILL: no goodbye, as a crash should be
            if (!p.isAlive()) {
                node.diedAt = millis.getAsLong();
            }
        }
    }

    /**
     * Waits until the restarted server is ready, or until it is found stranded: recovering
     * (memory mode) with too few servers that kept their state up for it ever to finish
     * ({@link Quorum}). Either can happen at any poll, also later than at the start: a time
     * bomb armed earlier may take a voter with it while the server recovers.
     */
    @Override
    public boolean restart(int server) {
        spawn(server, true);
        long deadline = millis.getAsLong() + RESTART_PATIENCE_MILLIS;
        Node node = nodes.get(server);
        while (true) {
            if (!isAlive(server)) {
                throw new ClusterException("server " + server + " exited while starting; see " + logsOf(server));
            }
            // A TCP connect first: far cheaper than an HTTP call to a JVM still starting.
            Optional<PaxosHealth> own = Ports.accepting(address, node.port) ? node.api.health() : Optional.empty();
            if (own.isPresent() && Idleness.isReady(own.get())) {
                return true;
            }
            if (own.isPresent() && own.get().recovering()) {
                Map<Integer, Optional<PaxosHealth>> health = HealthPoller.pollAlive(this);
                if (Quorum.of(size(), health).stranded().contains(server)) {
                    return false;
                }
            }
            if (millis.getAsLong() > deadline) {
                throw new ClusterException("server " + server + " not ready after " + RESTART_PATIENCE_MILLIS / 1000
                        + " s; see " + logsOf(server));
            }
            Pause.REAL.pause(READY_POLL_MILLIS);
        }
    }

    /**
     * Stops every server with SIGTERM and waits up to {@code patience} for each to exit on
     * its own, then kills what is left. Scripts end with {@link #close()}, a crash; this is
     * for runs whose servers must shut down in order, like master-cli's training run, where
     * each JVM writes what it learned for the start-up cache as it exits.
     */
    public void closeGracefully(java.time.Duration patience) {
        List<ServerProcess> running = closeToNewProcesses();
        running.forEach(ServerProcess::stop);
        for (ServerProcess p : running) {
            try {
                p.waitFor(patience.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public void close() {
        // Kill all first, then wait: their exits overlap.
        List<ServerProcess> running = closeToNewProcesses();
        running.forEach(ServerProcess::destroyForcibly);
        running.forEach(ServerProcess::awaitExit);
    }

    /** No process may start from now on; returns the servers' processes started so far. */
    private synchronized List<ServerProcess> closeToNewProcesses() {
        closed = true;
        List<ServerProcess> processes = new ArrayList<>();
        for (Node node : nodes) {
            if (node.process != null) {
                processes.add(node.process);
            }
        }
        return processes;
    }

    private void spawn(int server, boolean amnesiac) {
        synchronized (this) {
            if (closed) {
                throw new ClusterException("shutting down: server " + server + " not started");
            }
            Node node = nodes.get(server);
            // Known only for the process this master killed: a server that died on its own
            // (a time bomb) died at a time the master does not know, so its successor waits
            // the whole recovery delay. Cleared, so that a later death is never dated by this one.
            long predecessorDiedAt = amnesiac ? node.diedAt : 0;
            node.diedAt = 0;
            if (restores()) {
                try {
                    node.process = restore(server, node, amnesiac, predecessorDiedAt);
                    return;
                } catch (IOException e) {
                    warmStartFailed = true;
                    diagnostics.accept("warm start failed (" + e.getMessage() + "); starting servers cold from now on");
                }
            }
            ProcessBuilder builder = new ProcessBuilder(launcher.command(server, node.port, peers, amnesiac, predecessorDiedAt))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(launcher.logFile(server).toFile()));
            // stdin stays the default pipe, open and unwritten, for --paxos.exit-with-parent.
            try {
                node.process = ServerProcess.cold(builder.start());
            } catch (IOException e) {
                throw new ClusterException("cannot start server " + server + ": " + e.getMessage());
            }
        }
    }

    /**
     * Restores the warm image as this server: CRIU's restore process passes its input and
     * output on to the restored template, the server's arguments go down the input pipe,
     * which then stays open and unwritten as a cold server's does. Returns at once, as a
     * cold start does: restores of several servers overlap, and readiness is awaited as
     * for any server. Throws if CRIU cannot be run at all; a restore that fails later is a
     * server that exited while starting, its restore log named in the error.
     */
    private ServerProcess restore(int server, Node node, boolean amnesiac, long predecessorDiedAt) throws IOException {
        Path pidFile = launcher.pidFile(server);
        Files.deleteIfExists(pidFile);
        // Output through a pipe that the master copies to the log, not the log itself: CRIU
        // gives the restored server the template's file flags, so the log would lose
        // O_APPEND and be written over from its start.
        OutputStream log = Files.newOutputStream(launcher.logFile(server), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process restore;
        try {
            restore = new ProcessBuilder(launcher.warm().restoreCommand(pidFile, launcher.restoreLog(server)))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            log.close();
            throw e;
        }
        copy(restore.getInputStream(), log, "log-" + server);
        ServerProcess process = ServerProcess.restored(restore, pidFile);
        try {
            OutputStream stdin = restore.getOutputStream();
            stdin.write(ServerArguments.encode(launcher.serverArguments(server, node.port, peers, amnesiac,
                    predecessorDiedAt)));
            stdin.flush();
        } catch (IOException e) {
            process.kill();
            throw new IOException(e.getMessage() + "; see " + launcher.restoreLog(server), e);
        }
        return process;
    }

    private static void copy(InputStream output, OutputStream file, String name) {
        Thread copier = new Thread(null, () -> {
            try (output; file) {
                output.transferTo(file);
            } catch (IOException e) {
                // The server is gone, or the disk is full: nothing more to keep.
            }
        }, name, 64 * 1024);
        copier.setDaemon(true);
        copier.start();
    }

    private StaggeredStart starter() {
        return new StaggeredStart(i -> spawn(i, false), this::isAlive,
                // Probe all at once: N JVMs starting on few cores answer slowly, one by one would add up.
                waiting -> HealthPoller.all(waiting, i -> Ports.accepting(address, nodes.get(i).port) && nodes.get(i).api.ready()),
                Pause.REAL, millis, READY_POLL_MILLIS, this::logsOf, launcher.logDir().toString());
    }

    /** Where to look when a server did not come up: its log, and CRIU's if it was restored. */
    private String logsOf(int server) {
        return restores() ? launcher.logFile(server) + " and " + launcher.restoreLog(server)
                : launcher.logFile(server).toString();
    }

    /** Whether servers are restored from the warm image rather than started cold. */
    private boolean restores() {
        return launcher.warm() != null && !warmStartFailed;
    }
}
