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

/**
 * Issue 5, "done when": a server whose write-ahead log has a corrupt tail starts anyway,
 * cuts the log at the first bad record (saying so in its log), and recovers what it lost,
 * and what it missed while down, from its peers.
 */
class WalCorruptionIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private long requestId;

    @Test
    void aServerWithACorruptLogTailDropsItAndCatchesUpFromItsPeers() throws Exception {
        try (ServerProcesses cluster = new ServerProcesses(3, root)) {
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
                // Flip a bit in the last record, then add half a frame of garbage after it
                // (over the zeros a preallocated segment has there).
                f.seek(end - 2);
                int b = f.read();
                f.seek(end - 2);
                f.write(b ^ 0x01);
                f.seek(end);
                f.write(new byte[] {0, 0, 0, 50, 1, 2, 3});
            }

            cluster.start(2);
            awaitReady(cluster, 2);
            awaitLogs(cluster, 40, 0, 1, 2);
            assertThat(Files.readString(cluster.logFile(2))).contains("is damaged at offset").contains("checksum");

            for (int m = 0; m < 5; m++) {
                send(cluster, 2, "after-" + m);
            }
            awaitLogs(cluster, 45, 0, 1, 2);
            List<String> log = cluster.chatLog(2);
            assertThat(log.get(0)).endsWith(": before-0");
            assertThat(log.get(30)).endsWith(": while-down-0");
            assertThat(log.get(44)).endsWith(": after-4");
        }
    }

    private void send(ServerProcesses cluster, int server, String text) {
        long id = ++requestId;
        await("201 for " + text).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Optional<Integer> status = cluster.post(server, "corruption-test", id, "tester", text, Duration.ofSeconds(6));
            return status.isPresent() && status.get() == 201;
        });
    }

    private static void awaitReady(ServerProcesses cluster, int... servers) {
        await("servers ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i : servers) {
                if (!cluster.alive(i)) {
                    throw new AssertionError("server " + i + " exited\n" + cluster.logs());
                }
                if (!cluster.ready(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void awaitLogs(ServerProcesses cluster, int length, int... servers) {
        await("logs of " + length + " entries that agree").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    List<String> first = cluster.chatLog(servers[0]);
                    assertThat(first).hasSize(length);
                    for (int i : servers) {
                        assertThat(cluster.chatLog(i)).as("log of server " + i).isEqualTo(first);
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
