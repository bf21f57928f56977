package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random course scripts ({@link RandomScript}) through {@code ./master-cli}, judged by
 * invariants ({@link ScriptJudge}): {@code random.seeds} seeds (default 20) in disk mode,
 * the default, and {@code random.memory-seeds} (default 5) in memory mode, from
 * {@code random.base-seed} (default 1). A failure prints its seed and script;
 * {@code bench/random-scripts} runs any number of seeds.
 */
class RandomScriptsIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path WORK = ROOT.resolve("target/random-scripts");
    private static final long BASE = Long.getLong("random.base-seed", 1);

    @TestFactory
    Stream<DynamicTest> randomScriptsKeepTheInvariants() {
        Stream<DynamicTest> disk = LongStream.range(BASE, BASE + Long.getLong("random.seeds", 20))
                .mapToObj(seed -> DynamicTest.dynamicTest("disk seed " + seed, () -> judge(seed, false)));
        Stream<DynamicTest> memory = LongStream.range(BASE, BASE + Long.getLong("random.memory-seeds", 5))
                .mapToObj(seed -> DynamicTest.dynamicTest("memory seed " + seed, () -> judge(seed, true)));
        return Stream.concat(disk, memory);
    }

    private static void judge(long seed, boolean memory) throws Exception {
        RandomScripts.Outcome outcome = RandomScripts.run(ROOT, seed, memory, WORK);
        assertThat(outcome.violations()).as(outcome::report).isEmpty();
    }
}
