package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code tests/*.test} through {@code ./master-cli} the way the course harness
 * does (lines right-stripped, joined by {@code \n}, no final newline; stderr thrown away;
 * read stdout until it closes) and compares with {@code solutions/*.sol} byte for byte. It
 * also checks what the harness cannot see: exit code 0 and no process left behind. A
 * sidecar {@code tests/NAME.flags}, when present, holds arguments for {@code ./master-cli}
 * (e.g. {@code --storage=disk}), separated by white space.
 *
 * <p>An integration test (failsafe, after package) because the launcher runs the packaged jar.
 */
class CourseScriptsConformanceIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(300);

    @TestFactory
    Stream<DynamicTest> everyScriptPrintsItsSolution() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(ROOT.resolve("tests"))) {
            scripts = files.filter(p -> p.toString().endsWith(".test")).sorted().collect(Collectors.toList());
        }
        String only = System.getProperty("scripts", "");
        return scripts.stream()
                .filter(p -> only.isEmpty() || p.getFileName().toString().matches(only))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> runScript(p)));
    }

    private void runScript(Path script) throws Exception {
        String name = script.getFileName().toString().replaceFirst("\\.test$", "");
        byte[] expected = Files.readAllBytes(ROOT.resolve("solutions").resolve(name + ".sol"));
        String input = Files.readAllLines(script, StandardCharsets.UTF_8).stream()
                .map(String::stripTrailing).collect(Collectors.joining("\n"));

        Path stderr = ROOT.resolve("target/conformance").resolve(name + ".stderr");
        Files.createDirectories(stderr.getParent());
        List<String> command = new java.util.ArrayList<>(List.of("./master-cli"));
        Path flags = script.resolveSibling(name + ".flags");
        if (Files.exists(flags)) {
            String text = Files.readString(flags, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                command.addAll(List.of(text.split("\\s+")));
            }
        }
        Process master = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectError(stderr.toFile()).start();
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // Remember every descendant ever seen, to check afterwards that none outlived the master.
        sampler.scheduleAtFixedRate(() -> master.descendants().forEach(seen::add), 0, 20, TimeUnit.MILLISECONDS);
        try {
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try (OutputStream in = master.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot feed the script", e);
                }
            });
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return master.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] actual;
            try {
                actual = stdout.get(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail(name + ": stdout still open after " + SCRIPT_TIMEOUT + "; stderr in " + stderr);
                return;
            }
            feeding.join();
            assertThat(master.waitFor(30, TimeUnit.SECONDS)).as("master exits after stdout closed").isTrue();
            sampler.shutdown();
            sampler.awaitTermination(1, TimeUnit.SECONDS);
            assertThat(new String(actual, StandardCharsets.UTF_8)).as(name + " output (stderr in " + stderr + ")")
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).isEqualTo(expected);
            assertThat(master.exitValue()).as("exit code").isZero();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(seen).noneMatch(ProcessHandle::isAlive));
        } finally {
            sampler.shutdownNow();
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            seen.forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }
}
