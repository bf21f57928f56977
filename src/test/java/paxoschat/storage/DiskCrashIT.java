package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.testing.ClusterSpec;
import paxoschat.testing.ServerCluster;

/**
 * Issue 5, "done when": a cluster of three real server processes in disk mode takes writes
 * from several clients while every server is killed with SIGKILL at a random moment, round
 * after round, and restarted from its data directory. Every message that got a 201 must be
 * in the log exactly once, no message may appear twice, and all servers' logs must agree.
 * The servers take a snapshot every few slots, so kills also land while a snapshot is being
 * written (its own thread, see DiskStorage.compactTo) and restarts read snapshots back; and
 * their chat logs keep only a few entries in memory, so the log's file (ChatLogFile) is
 * written, read by snapshots and catch-up, and rebuilt at every restart.
 */
class DiskCrashIT {

    private static final int SERVERS = 3;
    private static final int CLIENTS = 3;
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    private static final int SNAPSHOT_EVERY = Integer.getInteger("crash.snapshot-every", 8);
    private static final int MEMORY_ENTRIES = Integer.getInteger("crash.memory-entries", 4);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void everyAcknowledgedMessageSurvivesKillingEveryServerUnderLoad() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.err.println("DiskCrashIT seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ExecutorService killers = Executors.newFixedThreadPool(SERVERS);
        try (ServerCluster cluster = new ServerCluster(ClusterSpec.loopback(SERVERS, root.resolve("logs"))
                .withDataRoot(root).withSettings(List.of("--paxos.snapshot-every=" + SNAPSHOT_EVERY,
                        "--paxos.memory-entries=" + MEMORY_ENTRIES)))) {
            for (int i = 0; i < SERVERS; i++) {
                cluster.start(i);
            }
            awaitAllReady(cluster);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                long clientSeed = random.nextLong();
                clients.submit(() -> load(cluster, client, new Random(clientSeed), acked, loading));
            }
            for (int round = 0; round < ROUNDS; round++) {
                int before = acked.size();
                await("writes acknowledged in round " + round).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20)).until(() -> acked.size() >= before + 15);
                // Kill every server, each at its own random moment within 400 ms.
                CountDownLatch dead = new CountDownLatch(SERVERS);
                for (int i = 0; i < SERVERS; i++) {
                    int server = i;
                    long delay = random.nextInt(400);
                    killers.submit(() -> {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
                        cluster.kill(server);
                        dead.countDown();
                    });
                }
                assertThat(dead.await(20, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < SERVERS; i++) {
                    cluster.start(i);
                }
                awaitAllReady(cluster);
            }
            int before = acked.size();
            await("writes after the last restart").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> acked.size() >= before + 15);
            loading.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            System.err.println("DiskCrashIT: " + acked.size() + " acknowledged messages over " + ROUNDS + " rounds");
            await("all logs agree and hold every acknowledged message").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        List<String> first = ChatCalls.chatLog(cluster.url(0));
                        assertThat(first).as("log of server 0\n" + cluster.logTails(15)).isNotNull();
                        for (int i = 1; i < SERVERS; i++) {
                            assertThat(ChatCalls.chatLog(cluster.url(i))).as("log of server " + i).isEqualTo(first);
                        }
                        Map<String, Integer> count = new HashMap<>();
                        for (int seq = 0; seq < first.size(); seq++) {
                            String line = first.get(seq);
                            assertThat(line).startsWith(seq + " ");
                            String text = line.substring(line.indexOf(": ") + 2);
                            count.merge(text, 1, Integer::sum);
                        }
                        assertThat(count).as("no message twice").allSatisfy((text, n) -> assertThat(n).isEqualTo(1));
                        assertThat(count.keySet()).as("every 201 is in the log").containsAll(acked);
                        assertPerClientOrder(first);
                    });
            for (int i = 0; i < SERVERS; i++) {
                // The schedule reached what it is meant to: each server has compacted.
                try (var files = Files.list(cluster.dataDir(i))) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .as("snapshots of server " + i).anyMatch(n -> n.matches("snapshot-\\d+\\.snap"));
                }
            }
        } finally {
            loading.set(false);
            clients.shutdownNow();
            killers.shutdownNow();
        }
    }

    /** A client sends c-0, c-1, ... one at a time: its messages appear in that order. */
    private static void assertPerClientOrder(List<String> log) {
        Map<String, Integer> last = new HashMap<>();
        for (String line : log) {
            String text = line.substring(line.indexOf(": ") + 2);
            String[] parts = text.split("-");
            int n = Integer.parseInt(parts[1]);
            Integer prev = last.put(parts[0], n);
            assertThat(prev == null || prev < n).as("order of " + parts[0] + " at " + line).isTrue();
        }
    }

    private static void awaitAllReady(ServerCluster cluster) {
        await("all servers ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (int i = 0; i < cluster.size(); i++) {
                        if (!cluster.alive(i)) {
                            throw new AssertionError("server " + i + " exited\n" + cluster.logTails(15));
                        }
                        if (!cluster.ready(i)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /**
     * One client: sends c{client}-0, c{client}-1, ... each until it gets a 201, retrying the
     * same (clientId, requestId) on a random server when there is no answer.
     */
    private static void load(ServerCluster cluster, int client, Random random, Set<String> acked,
                             AtomicBoolean loading) {
        String clientId = "c" + client;
        long n = 1; // request ids are positive
        while (loading.get()) {
            String text = clientId + "-" + n;
            int server = random.nextInt(cluster.size());
            Optional<Integer> status = ChatCalls.post(cluster.url(server), clientId, n, "s" + client, text,
                    Duration.ofSeconds(6));
            if (status.isPresent() && status.get() == 201) {
                acked.add(text);
                n++;
            } else {
                // A dead or leaderless cluster: back off a little before the retry.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
            }
        }
    }
}
