package paxoschat.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Runs the protocol core through many seeded random schedules of faults (see
 * {@link Simulation} for the model) and checks the invariants of SPEC §2 after every input,
 * and liveness after the last fault heals. A failure names its seed; replay it with
 * {@code ./mvnw test -Dtest=SimulationTest -Dsim.seed=SEED} (add {@code -Dsim.trace=true}
 * for every message). {@code -Dsim.seeds=N -Dsim.first=F} runs N seeds from F; bench/simulation
 * runs many in parallel.
 */
class SimulationTest {

    private static final int SEEDS = Integer.getInteger("sim.seeds", 1000);
    private static final long FIRST = Long.getLong("sim.first", 1);

    @Test
    void safeAndLiveUnderReorderingLossDuplicationPausesSkewCrashesAndAmnesia() {
        Long only = Long.getLong("sim.seed");
        SimulationRuns.Result result = only != null ? SimulationRuns.run(only, 1, 1) : SimulationRuns.run(FIRST, SEEDS, 5);
        System.out.println(result.summary());
        if (result.failed() > 0) {
            fail("replay with -Dsim.seed=SEED:\n" + String.join("\n", result.failures()));
        }
        if (result.count() >= 100) {
            // Otherwise the runs would not test what they are for.
            assertThat(Simulation.CRASHES_LOSING_SENT_RECORDS.get()).as("crashes losing sent records").isPositive();
            assertThat(Simulation.SNAPSHOTS_DELIVERED.get()).as("snapshot transfers").isPositive();
            assertThat(Simulation.LATE_INPUTS.get()).as("inputs handled late").isPositive();
        }
    }

    /**
     * Memory-mode seeds from bench/simulation's 100,000 that failed liveness while the fault
     * schedule counted an amnesiac server as holding the log once its recovery ended: they
     * lost the one server with the whole log while the others were still catching up (see
     * Simulation#canLose). They must pass.
     */
    @Test
    void schedulesNeverLoseTheLastServerHoldingTheWholeLog() {
        for (long seed : new long[] {3053, 5003, 13481, 31491, 47549}) {
            SimulationRuns.Result result = SimulationRuns.run(seed, 1, 1);
            assertThat(result.failures()).as("seed %d", seed).isEmpty();
            assertThat(result.count()).as("seed %d ran", seed).isEqualTo(1);
        }
    }

    /**
     * The release order is checked, not assumed: a leader that counts its own vote before
     * that vote is on its disk decides values no durable majority chose (a crash could take
     * the vote back). The checker counts a vote only once it is on a disk, so it catches
     * that in some disk-mode schedule.
     */
    @Test
    void aLeaderCountingItsOwnUnsyncedVoteIsCaught() {
        assertThat(firstCaught(2, 400, 2, seed -> optionsFor(seed, false, Simulation.Release.OWN_VOTE_AT_ONCE)))
                .as("counting an unsynced vote must break a checked property").isNotNull();
    }

    /**
     * The checker must be able to fail: a server that rejoins with a blank memory and votes
     * at once is the classic way to lose a chosen value, and some schedule finds it.
     */
    @Test
    void naiveRejoinWithoutRecoveryIsCaught() {
        assertThat(firstCaught(1, 600, 2, seed -> optionsFor(seed, true, Simulation.Release.PRODUCT)))
                .as("a naive rejoin must break agreement in some schedule").isNotNull();
    }

    /**
     * The liveness check must be able to fail too: a partition the heal does not undo (what
     * the Jepsen harness did to seed 424246) leaves the cut-off servers behind for good.
     */
    @Test
    void aPartitionThatOutlivesTheHealFailsTheLivenessCheck() {
        Invariants.Violation caught = firstCaught(1, 200, 1, seed -> optionsFor(seed).withHealPartitions(false));
        assertThat(caught).as("a lasting partition must fail some seed").isNotNull();
        assertThat(caught.getMessage()).startsWith("liveness:");
    }

    /** The first violation among seeds {@code from, from + step, ...} (at most {@code max}), or null. */
    private static Invariants.Violation firstCaught(long from, int max, int step,
                                                    java.util.function.LongFunction<Simulation.Options> options) {
        for (long seed = from; seed < from + (long) max * step; seed += step) {
            try {
                new Simulation(seed, options.apply(seed)).run();
            } catch (Invariants.Violation e) {
                System.out.println("caught as it should be: seed " + seed + ": " + e.getMessage().lines().findFirst()
                        .orElse(""));
                return e;
            }
        }
        return null;
    }

    static Simulation.Options optionsFor(long seed) {
        return optionsFor(seed, false, Simulation.Release.PRODUCT);
    }

    static Simulation.Options optionsFor(long seed, boolean naive, Simulation.Release release) {
        Random r = new Random(seed * 31 + 7);
        int servers = 3 + r.nextInt(5);
        return new Simulation.Options(servers, 1 + r.nextInt(4), 2 + r.nextInt(6), 100 + r.nextInt(300),
                r.nextDouble() * 0.15, r.nextDouble() * 0.1, 0.05 + r.nextDouble() * 0.3, naive, release,
                true);
    }
}
