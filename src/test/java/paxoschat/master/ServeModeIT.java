package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code ./master-cli serve N}: prints N ready base URLs, at {@code --host} and from
 * {@code --base-port} when given, passes server settings through, keeps disk-mode data where
 * {@code --data-root} says, and SIGTERM stops everything with exit 0.
 */
class ServeModeIT {

    @TempDir
    Path data;

    @Test
    void servesUntilTerminatedAndLeavesNothingBehind() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        int base = threeFreePorts();
        Process master = new ProcessBuilder("./master-cli", "--data-root=" + data, "--host=localhost", "serve", "3",
                "--base-port=" + base, "--paxos.window=7").directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                urls.add(out.readLine());
            }
            assertThat(urls).containsExactly("http://localhost:" + base, "http://localhost:" + (base + 1),
                    "http://localhost:" + (base + 2));
            for (String url : urls) {
                try (Response r = Http.CLIENT.newCall(new Request.Builder().url(url + "/actuator/health/readiness").build())
                        .execute()) {
                    assertThat(r.code()).as(url + " ready").isEqualTo(200);
                }
            }
            master.descendants().forEach(children::add);
            assertThat(children).hasSizeGreaterThanOrEqualTo(3);
            // A served cluster's log outgrows the course tests' small heaps.
            assertThat(children).filteredOn(p -> p.info().commandLine().orElse("").contains("paxoschat.Main server"))
                    .hasSize(3).allSatisfy(p -> assertThat(p.info().commandLine().orElse(""))
                            .contains(MasterCli.SERVED_HEAP, "--paxos.window=7", "--server.address=localhost"));

            master.destroy(); // SIGTERM
            assertThat(master.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(master.exitValue()).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(children).noneMatch(ProcessHandle::isAlive));
            for (int i = 0; i < 3; i++) {
                assertThat(data.resolve("node-" + i)).as("server " + i + "'s data under --data-root")
                        .isDirectoryContaining("glob:**/wal-*.log");
            }
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }

    /** The first of three consecutive ports of 127.0.0.1 that are free now. */
    private static int threeFreePorts() {
        for (int candidate : paxoschat.net.Ports.free(20)) {
            try {
                paxoschat.net.Ports.range(java.net.InetAddress.getLoopbackAddress(), candidate, 3);
                return candidate;
            } catch (IllegalArgumentException e) {
                // one of the next two is taken: try another
            }
        }
        throw new IllegalStateException("no three consecutive free ports");
    }
}
