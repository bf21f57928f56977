package paxoschat.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link RandomScript} through {@code ./master-cli}, as the harness would, and
 * judges it ({@link ScriptJudge}); used by {@code RandomScriptsIT} and
 * {@code bench/random-scripts}. A failing run keeps its script, stderr and server logs in
 * its own directory; a passing one leaves nothing.
 */
public final class RandomScripts {

    /** Far beyond any script's time: only a master that hangs reaches it. */
    static final Duration LIMIT = Duration.ofSeconds(180);

    /** What one seed did: its script, how long it took, and what was wrong (empty if nothing). */
    public record Outcome(RandomScript script, boolean memory, Duration took, List<String> violations, Path kept) {

        public boolean passed() {
            return violations.isEmpty();
        }

        /** The lines a person needs to see and replay a failure. */
        public String report() {
            return "seed " + script.seed() + " (" + (memory ? "--storage=memory" : "disk") + ", " + script.servers()
                    + " servers, " + script.clients() + " clients) failed:\n  " + String.join("\n  ", violations)
                    + "\nscript, stderr and logs in " + kept + "; the script:\n" + script.text();
        }
    }

    private RandomScripts() {
    }

    public static Outcome run(Path root, long seed, boolean memory, Path work) throws IOException, InterruptedException {
        RandomScript script = RandomScript.generate(seed);
        Path dir = work.toAbsolutePath().resolve((memory ? "memory" : "disk") + "-seed-" + seed);
        RunDirectories.deleteTree(dir);
        Files.createDirectories(dir);
        String options = (System.getenv().getOrDefault("PAXOS_MASTER_JVM_OPTS", "")
                + " -Dpaxos.master.trace=true -Dpaxos.log-dir=" + dir.resolve("logs")).strip();
        HarnessRun run = HarnessRun.run(root, memory ? List.of("--storage=memory") : List.of(),
                HarnessRun.input(script.lines()), Map.of("PAXOS_MASTER_JVM_OPTS", options), dir.resolve("stderr"), LIMIT);
        List<String> violations = new ArrayList<>();
        if (run.stdout() == null) {
            violations.add("the master did not finish within " + LIMIT.toSeconds() + " s");
        } else {
            if (run.exitCode() != 0) {
                violations.add("the master exited with " + run.exitCode());
            }
            if (!run.leftover().isEmpty()) {
                violations.add("processes left behind: " + run.leftover());
            }
            violations.addAll(ScriptJudge.judge(script, run.stdoutText(),
                    Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8)));
        }
        if (violations.isEmpty()) {
            RunDirectories.deleteTree(dir);
            return new Outcome(script, memory, run.took(), violations, null);
        }
        Files.writeString(dir.resolve("script.test"), script.text());
        if (run.stdout() != null) {
            Files.write(dir.resolve("stdout"), run.stdout());
        }
        return new Outcome(script, memory, run.took(), violations, dir);
    }
}
