package paxoschat.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import paxoschat.master.RandomScripts;

/**
 * bench/random-scripts: random course scripts judged by invariants, any number of seeds,
 * in disk mode, memory mode or both (the same seeds), one line per seed, a failing seed's
 * violations and script in full, and per mode the count, the times and the slowest seed.
 *
 * <pre>java -cp CLASSPATH paxoschat.bench.RandomScriptsBench [disk|memory|both] [COUNT | FIRST-LAST]</pre>
 */
public final class RandomScriptsBench {

    private RandomScriptsBench() {
    }

    public static void main(String[] args) throws Exception {
        String modes = args.length > 0 ? args[0] : "disk";
        String range = args.length > 1 ? args[1] : "20";
        long first = range.contains("-") ? Long.parseLong(range.substring(0, range.indexOf('-'))) : 1;
        long last = range.contains("-") ? Long.parseLong(range.substring(range.indexOf('-') + 1))
                : Long.parseLong(range);
        Path root = Path.of("").toAbsolutePath();
        boolean failed = false;
        for (boolean memory : modes.equals("both") ? new boolean[] {false, true}
                : new boolean[] {modes.equals("memory")}) {
            List<RandomScripts.Outcome> outcomes = new ArrayList<>();
            for (long seed = first; seed <= last; seed++) {
                RandomScripts.Outcome o = RandomScripts.run(root, seed, memory, root.resolve("target/random-scripts"));
                outcomes.add(o);
                System.out.printf("%-6s seed %5d  %2d servers %d clients %3d lines  %6.2f s  %s%n",
                        memory ? "memory" : "disk", seed, o.script().servers(), o.script().clients(),
                        o.script().lines().size(), o.took().toMillis() / 1000.0, o.passed() ? "OK" : "FAIL");
                if (!o.passed()) {
                    System.out.println(o.report());
                    failed = true;
                }
            }
            summary(memory ? "memory" : "disk", outcomes);
        }
        System.exit(failed ? 1 : 0);
    }

    private static void summary(String mode, List<RandomScripts.Outcome> outcomes) {
        List<Double> seconds = outcomes.stream().map(o -> o.took().toMillis() / 1000.0).sorted().toList();
        RandomScripts.Outcome slowest = outcomes.stream().max(Comparator.comparing(RandomScripts.Outcome::took)).orElseThrow();
        System.out.printf("%s: %d of %d passed; seconds total %.1f, median %.2f, p90 %.2f, max %.2f (seed %d, %d servers)%n",
                mode, outcomes.stream().filter(RandomScripts.Outcome::passed).count(), outcomes.size(),
                seconds.stream().mapToDouble(Double::doubleValue).sum(), seconds.get(seconds.size() / 2),
                seconds.get(Math.min(seconds.size() - 1, (int) (seconds.size() * 0.9))), seconds.get(seconds.size() - 1),
                slowest.script().seed(), slowest.script().servers());
    }
}
