package paxoschat.jepsen.nemesis;

import paxoschat.jepsen.Pacing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import paxoschat.jepsen.cluster.ServerProcesses;
import paxoschat.jepsen.history.History;

/**
 * A seeded schedule of faults: crash (SIGKILL) and restart, pause (SIGSTOP) and resume,
 * partitions both ways, one-way cuts, delays, duplicates, and healing the network. The
 * seed fixes the choices; their effects depend on timing, as on a real network.
 *
 * <p>Servers in memory mode rejoin only while a majority of the OTHER servers is up, and
 * two amnesiac servers at once could forget a decision, so at most a minority of servers
 * is ever crashed or recovering (restarted but not yet ready); a crash that would break
 * that is skipped. Disk mode keeps the same rule, although its restarted servers resume
 * from their data directories: a heal then never waits for a majority of JVMs to start
 * before anything can be decided. Pauses and partitions may hit any number of servers.
 */
public final class Nemesis implements Runnable {

    private enum Fault { CRASH, RESTART, PAUSE, RESUME, PARTITION, ONE_WAY, DELAY, DUPLICATE, HEAL_NETWORK }

    private final Pacing pacing = new Pacing();
    private final ServerProcesses servers;
    private final History history;
    private final Random random;
    private final long durationMillis;
    private final NetworkPlans plans;
    private final int n;
    private final boolean[] crashed;
    private final boolean[] restarted;
    private volatile boolean stopped;
    private int faults;

    public Nemesis(ServerProcesses servers, History history, long seed, long durationMillis) {
        this.servers = servers;
        this.history = history;
        this.random = new Random(seed);
        this.durationMillis = durationMillis;
        this.n = servers.size();
        this.plans = new NetworkPlans(n);
        this.crashed = new boolean[n];
        this.restarted = new boolean[n];
    }

    public void stop() {
        pacing.stop();
        stopped = true;
    }

    public int faults() {
        return faults;
    }

    @Override
    public void run() {
        long end = history.millis() + durationMillis;
        while (!stopped && history.millis() < end) {
            // The schedule's own pacing: one fault every 0.5 to 2.5 s.
            pacing.pause(500 + random.nextInt(2000));
            if (stopped || history.millis() >= end) {
                break;
            }
            step(Fault.values()[random.nextInt(Fault.values().length)]);
        }
    }

    private void step(Fault fault) {
        switch (fault) {
            case CRASH -> {
                List<Integer> candidates = where(i -> !crashed[i]);
                int server = pick(candidates);
                if (server >= 0 && downOrRecovering() + 1 <= (n - 1) / 2) {
                    act("crash", server, () -> {
                        servers.crash(server);
                        crashed[server] = true;
                        restarted[server] = false;
                    });
                } else {
                    history.note("nemesis", "info", "crash", server < 0 ? null : server,
                            "skipped: a minority is already down or recovering");
                }
            }
            case RESTART -> {
                int server = pick(where(i -> crashed[i]));
                if (server >= 0) {
                    act("restart", server, () -> {
                        servers.restart(server);
                        crashed[server] = false;
                        restarted[server] = true;
                    });
                }
            }
            case PAUSE -> {
                int server = pick(where(i -> !crashed[i] && !servers.isPaused(i)));
                if (server >= 0) {
                    act("pause", server, () -> servers.pause(server));
                }
            }
            case RESUME -> {
                int server = pick(where(servers::isPaused));
                if (server >= 0) {
                    act("resume", server, () -> servers.resume(server));
                }
            }
            case PARTITION -> {
                Set<Integer> side = new TreeSet<>();
                int size = 1 + random.nextInt(n - 1);
                while (side.size() < size) {
                    side.add(random.nextInt(n));
                }
                plans.partition(side);
                network("partition", side + " | rest");
            }
            case ONE_WAY -> {
                int from = random.nextInt(n);
                int to = (from + 1 + random.nextInt(n - 1)) % n;
                plans.cutOneWay(from, to);
                network("one-way", from + " -/-> " + to);
            }
            case DELAY -> {
                long millis = 20 + random.nextInt(180);
                plans.delay(millis);
                network("delay", millis + " ms");
            }
            case DUPLICATE -> {
                plans.duplicate(true);
                network("duplicate", "on");
            }
            case HEAL_NETWORK -> {
                plans.heal();
                network("heal-network", "");
            }
        }
    }

    /**
     * Ends every fault: resumes paused servers, heals the network and restarts crashed
     * servers. Returns once all is asked for; recovery itself is the system's job.
     */
    public void healAll() {
        for (int i = 0; i < n; i++) {
            if (servers.isPaused(i)) {
                int server = i;
                act("resume", server, () -> servers.resume(server));
            }
        }
        plans.heal();
        network("heal-network", "final");
        for (int i = 0; i < n; i++) {
            if (crashed[i]) {
                int server = i;
                act("restart", server, () -> {
                    servers.restart(server);
                    crashed[server] = false;
                    restarted[server] = true;
                });
            }
        }
    }

    /** Crashed servers, plus restarted ones that are not ready yet. */
    private int downOrRecovering() {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (crashed[i]) {
                count++;
            } else if (restarted[i]) {
                if (servers.ready(i)) {
                    restarted[i] = false;
                } else {
                    count++;
                }
            }
        }
        return count;
    }

    private void network(String what, String detail) {
        faults++;
        history.note("nemesis", "invoke", what, null, detail);
        for (int i = 0; i < n; i++) {
            servers.setPlan(i, plans.json(i));
        }
        history.note("nemesis", "ok", what, null, detail);
    }

    private void act(String what, int server, Runnable action) {
        faults++;
        history.note("nemesis", "invoke", what, server, null);
        action.run();
        history.note("nemesis", "ok", what, server, null);
    }

    private interface Test {
        boolean test(int i);
    }

    private List<Integer> where(Test test) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (test.test(i)) {
                result.add(i);
            }
        }
        return result;
    }

    private int pick(List<Integer> candidates) {
        return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
    }
}
