package paxoschat.paxos.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a range of seeds of the simulation and sums them up: for {@link SimulationTest} and
 * for {@code bench/simulation}, which runs {@link #main} in one JVM per core over slices of
 * the seeds.
 */
final class SimulationRuns {

    /** What a range of seeds did. */
    record Result(long first, int count, List<String> failures, int failed, double seconds, long ticks, long events,
                  long inputs, long slowestSettle) {

        String summary() {
            return String.format("simulation: %d seeds from %d in %.1f s, %d failed; %d simulated ticks, %d events,"
                            + " %d inputs handled, %d snapshot transfers, %d crashes lost records of a server whose"
                            + " early messages were out, %d inputs handled after waiting longer than a scout lives;"
                            + " all decided within %d ticks of the heal", count, first, seconds, failed, ticks, events,
                    inputs, Simulation.SNAPSHOTS_DELIVERED.get(), Simulation.CRASHES_LOSING_SENT_RECORDS.get(),
                    Simulation.LATE_INPUTS.get(), slowestSettle);
        }
    }

    private SimulationRuns() {
    }

    /** Runs seeds {@code first .. first + count - 1}; names at most {@code listed} failures. */
    static Result run(long first, int count, int listed) {
        List<String> failures = new ArrayList<>();
        int failed = 0;
        long start = System.nanoTime();
        long ticks = 0;
        long events = 0;
        long inputs = 0;
        long slowestSettle = 0;
        for (long seed = first; seed < first + count; seed++) {
            try {
                Simulation sim = new Simulation(seed, SimulationTest.optionsFor(seed));
                sim.run();
                ticks += sim.stats().get("ticks");
                events += sim.stats().get("events");
                inputs += sim.stats().get("inputs");
                slowestSettle = Math.max(slowestSettle, sim.stats().get("settleTicks"));
            } catch (RuntimeException e) {
                failed++;
                if (failures.size() < listed) {
                    failures.add("seed " + seed + ": " + e);
                }
            }
        }
        return new Result(first, count, failures, failed, (System.nanoTime() - start) / 1e9, ticks, events, inputs,
                slowestSettle);
    }

    /** {@code FIRST COUNT}: prints the summary and the failures; exits 1 if any seed failed. */
    public static void main(String[] args) {
        Result result = run(Long.parseLong(args[0]), Integer.parseInt(args[1]), 20);
        System.out.println(result.summary());
        result.failures().forEach(f -> System.out.println("simulation: FAILED " + f.lines().findFirst().orElse("")));
        System.exit(result.failed() == 0 ? 0 : 1);
    }
}
