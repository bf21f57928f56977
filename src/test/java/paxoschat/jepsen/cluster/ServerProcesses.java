package paxoschat.jepsen.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import paxoschat.auth.TestSecrets;
import paxoschat.testing.ClusterSpec;
import paxoschat.testing.ServerCluster;
import paxoschat.testing.ServerJvm;

/**
 * The server processes of one fault-testing run: a {@link ServerCluster} on free ports of
 * 127.0.0.1, with the fault filter on, in disk or memory mode. Crash is SIGKILL, restart is
 * a new process on the same port (amnesiac in memory mode, resuming from its data directory
 * in disk mode), pause and resume are SIGSTOP and SIGCONT. Each server's network fault plan
 * is kept in force by {@link PlanSync}, which reads it back from every running server each
 * round and sets it again where it differs: a paused or restarting server gets its plan as
 * soon as it answers, and one that applied an older request last is put right.
 * {@link #close()} kills everything it started and deletes the data directories.
 */
public final class ServerProcesses implements AutoCloseable {

    private final ServerCluster cluster;
    private final Path dataRoot;
    private final PlanSync plans;

    /**
     * @param marker     a word that appears in each server's command line (to find strays)
     * @param serverArgs extra server arguments, e.g. --paxos.request-timeout=2s
     * @param dataRoot   null for memory mode; else disk mode, each server keeping its data
     *                   directory under it across crashes and restarts (deleted at close)
     */
    public ServerProcesses(int n, Path logDir, String marker, List<String> serverArgs, Path dataRoot) {
        this.dataRoot = dataRoot;
        if (dataRoot != null) {
            try {
                deleteRecursively(dataRoot); // left by an earlier run that was killed
                Files.createDirectories(dataRoot);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> settings = new ArrayList<>(List.of("--paxos.faults.enabled=true"));
        settings.addAll(serverArgs);
        this.cluster = new ServerCluster(ClusterSpec.loopback(n, logDir)
                .withJvm(ServerJvm.thisClassPath().withFlags(List.of("-Djepsen.marker=" + marker)))
                .withDataRoot(dataRoot).withSettings(settings));
        this.plans = new PlanSync(n, server -> url(server) + "/admin/faults",
                server -> isAlive(server) && !isPaused(server), Duration.ofMillis(100), TestSecrets.admin());
    }

    public int size() {
        return cluster.size();
    }

    public String url(int server) {
        return cluster.url(server);
    }

    /** Starts every server and waits until all are ready. */
    public void start(Duration timeout) {
        for (int i = 0; i < size(); i++) {
            spawn(i);
        }
        cluster.awaitReady(timeout);
    }

    public boolean isAlive(int server) {
        return cluster.alive(server);
    }

    public boolean isPaused(int server) {
        return cluster.paused(server);
    }

    /** SIGKILL; a paused process dies too. */
    public void crash(int server) {
        cluster.kill(server);
    }

    /**
     * A new process for a crashed server: in memory mode amnesiac, recovering from the
     * others; in disk mode resuming from its data directory.
     */
    public void restart(int server) {
        spawn(server);
    }

    public void pause(int server) {
        cluster.pause(server);
    }

    public void resume(int server) {
        cluster.resume(server);
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
        return cluster.ready(server);
    }

    public Path logFile(int server) {
        return cluster.logFile(server);
    }

    private void spawn(int server) {
        cluster.start(server);
        // A new process starts without faults; it must get its plan again.
        plans.restarted(server);
    }

    @Override
    public void close() {
        plans.close();
        cluster.close();
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
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
