package paxoschat.paxos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Runs the protocol core through many seeded random schedules of faults and checks the
 * invariants of SPEC §2 after every step. A failure names its seed; replay it with
 * {@code ./mvnw test -Dtest=SimulationTest -Dsim.seed=SEED}.
 */
class SimulationTest {

    private static final int SEEDS = Integer.getInteger("sim.seeds", 1000);

    @Test
    void safeAndLiveUnderReorderingLossDuplicationCrashesAndAmnesia() {
        Long only = Long.getLong("sim.seed");
        long first = only != null ? only : 1;
        int count = only != null ? 1 : SEEDS;
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            try {
                new Simulation(seed, optionsFor(seed, false)).run();
            } catch (RuntimeException e) {
                failures.add("seed " + seed + ": " + e);
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        System.out.printf("simulation: %d seeds in %.1f s, %d snapshot transfers%n", count,
                (System.nanoTime() - start) / 1e9, Simulation.SNAPSHOTS_DELIVERED.get());
        if (!failures.isEmpty()) {
            fail("replay with -Dsim.seed=SEED:\n" + String.join("\n", failures));
        }
    }

    /**
     * The checker must be able to fail: a server that rejoins with a blank memory and votes
     * at once is the classic way to lose a chosen value, and some schedule finds it.
     */
    @Test
    void naiveRejoinWithoutRecoveryIsCaught() {
        int caught = 0;
        for (long seed = 1; seed <= 400 && caught == 0; seed++) {
            try {
                new Simulation(seed, optionsFor(seed, true)).run();
            } catch (Invariants.Violation e) {
                caught++;
            }
        }
        assertThat(caught).as("a naive rejoin must break agreement in some schedule").isPositive();
    }

    static Simulation.Options optionsFor(long seed, boolean naive) {
        Random r = new Random(seed * 31 + 7);
        int servers = 3 + r.nextInt(5);
        return new Simulation.Options(servers, 1 + r.nextInt(4), 2 + r.nextInt(6), 600 + r.nextInt(1200),
                r.nextDouble() * 0.15, r.nextDouble() * 0.1, 0.3 + r.nextDouble() * 0.5, naive);
    }
}
