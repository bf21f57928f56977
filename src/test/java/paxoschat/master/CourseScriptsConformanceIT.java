package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * (e.g. {@code --storage=memory}), separated by white space.
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
        List<String> args = new ArrayList<>();
        Path flags = script.resolveSibling(name + ".flags");
        if (Files.exists(flags)) {
            String text = Files.readString(flags, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                args.addAll(List.of(text.split("\\s+")));
            }
        }
        Path stderr = ROOT.resolve("target/conformance").resolve(name + ".stderr");
        HarnessRun run = HarnessRun.run(ROOT, args, HarnessRun.input(Files.readAllLines(script, StandardCharsets.UTF_8)),
                Map.of(), stderr, SCRIPT_TIMEOUT);
        assertThat(run.stdout()).as(name + ": stdout still open after " + SCRIPT_TIMEOUT + "; stderr in " + stderr)
                .isNotNull();
        assertThat(run.exitCode()).as(name + ": exit code (stderr in " + stderr + ")").isZero();
        assertThat(run.stdoutText()).as(name + " output (stderr in " + stderr + ")")
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(run.stdout()).isEqualTo(expected);
        assertThat(run.leftover()).as(name + ": processes left behind").isEmpty();
    }
}
