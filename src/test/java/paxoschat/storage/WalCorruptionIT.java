package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.testing.ClusterSpec;
import paxoschat.testing.ServerCluster;

/**
 * Issue 5 and issue 18, with real server processes. A torn tail (half a frame after the
 * last write, as a crash in the middle of a write leaves) is repaired: the server starts,
 * says where it cut, and catches up what it missed. A bit flipped inside records that were
 * synced is damage, not a torn tail: the server refuses to start, naming the file and the
 * offset, rather than vote having forgotten promises and votes it revealed; told to recover
 * ({@code --paxos.lost-state=recover}), it sets the damaged files aside, recovers from its
 * peers before it votes, catches up, and takes part again.
 */
class WalCorruptionIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private long requestId;

    @Test
    void aTornTailIsRepairedAndDamageToSyncedRecordsStopsTheServerOrIsRecoveredFromThePeers() throws Exception {
        try (ServerCluster cluster = new ServerCluster(ClusterSpec.loopback(3, root.resolve("logs")).withDataRoot(root))) {
            for (int i = 0; i < 3; i++) {
                cluster.start(i);
            }
            awaitReady(cluster, 0, 1, 2);
            for (int m = 0; m < 30; m++) {
                send(cluster, m % 3, "before-" + m);
            }
            awaitLogs(cluster, 30, 0, 1, 2);

            cluster.kill(2);
            for (int m = 0; m < 10; m++) {
                send(cluster, m % 2, "while-down-" + m);
            }
            Path segment = lastSegment(cluster.dataDir(2));
            long end = recordsEnd(segment);
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                // Half a frame after the records (over the zeros a preallocated segment has
                // there): the start of a write that a crash tore.
                f.seek(end);
                f.write(new byte[] {0, 0, 0, 50, 1, 2, 3});
            }
            cluster.start(2);
            awaitReady(cluster, 2);
            awaitLogs(cluster, 40, 0, 1, 2);
            assertThat(Files.readString(cluster.logFile(2))).contains("is torn at offset " + end);

            cluster.kill(2);
            segment = lastSegment(cluster.dataDir(2));
            long middle = recordsEnd(segment) / 2;
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.seek(middle);
                int b = f.read();
                f.seek(middle);
                f.write(b ^ 0x01);
            }
            cluster.start(2);
            assertThat(cluster.awaitExit(2, Duration.ofSeconds(60))).as("exit status of the damaged server")
                    .isPositive();
            assertThat(Files.readString(cluster.logFile(2))).contains(segment.toString() + " is damaged at offset")
                    .contains("inside records that were synced").contains("--paxos.lost-state=recover");

            for (int m = 0; m < 3; m++) {
                send(cluster, m % 2, "while-damaged-" + m);
            }
            cluster.start(2, "--paxos.lost-state=recover");
            awaitReady(cluster, 2);
            awaitLogs(cluster, 43, 0, 1, 2);
            assertThat(Files.readString(cluster.logFile(2))).contains("recovers from its peers before it votes");
            assertThat(cluster.dataDir(2).resolve("damaged-1").resolve(segment.getFileName())).exists();

            for (int m = 0; m < 5; m++) {
                send(cluster, 2, "after-" + m);
            }
            awaitLogs(cluster, 48, 0, 1, 2);
            List<String> log = ChatCalls.chatLog(cluster.url(2));
            assertThat(log.get(0)).endsWith(": before-0");
            assertThat(log.get(30)).endsWith(": while-down-0");
            assertThat(log.get(40)).endsWith(": while-damaged-0");
            assertThat(log.get(47)).endsWith(": after-4");

            // Recovered: a plain restart now votes from what it learned.
            cluster.kill(2);
            cluster.start(2);
            awaitReady(cluster, 2);
            send(cluster, 2, "last");
            awaitLogs(cluster, 49, 0, 1, 2);
        }
    }

    private void send(ServerCluster cluster, int server, String text) {
        long id = ++requestId;
        await("201 for " + text).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Optional<Integer> status = ChatCalls.post(cluster.url(server), "corruption-test", id, "tester", text,
                    Duration.ofSeconds(6));
            return status.isPresent() && status.get() == 201;
        });
    }

    private static void awaitReady(ServerCluster cluster, int... servers) {
        await("servers ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i : servers) {
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

    private static void awaitLogs(ServerCluster cluster, int length, int... servers) {
        await("logs of " + length + " entries that agree").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    List<String> first = ChatCalls.chatLog(cluster.url(servers[0]));
                    assertThat(first).hasSize(length);
                    for (int i : servers) {
                        assertThat(ChatCalls.chatLog(cluster.url(i))).as("log of server " + i).isEqualTo(first);
                    }
                });
    }

    /** Where the frames of a segment end: its size, or where its preallocated zeros begin. */
    private static long recordsEnd(Path segment) throws Exception {
        byte[] bytes = Files.readAllBytes(segment);
        int at = 0;
        while (at + Frames.HEADER <= bytes.length && (Frames.getInt(bytes, at) != 0 || Frames.getInt(bytes, at + 4) != 0)) {
            at += Frames.HEADER + Frames.getInt(bytes, at);
        }
        assertThat(at).as("records found in " + segment).isPositive();
        return at;
    }

    private static Path lastSegment(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }
}
