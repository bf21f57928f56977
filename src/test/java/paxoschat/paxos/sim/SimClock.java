package paxoschat.paxos.sim;

import java.util.Random;

import paxoschat.paxos.PaxosConfig;

/**
 * One host's monotonic clock in the simulation: it starts at an offset of its own (no two
 * hosts agree on the time) and runs at a rate that wanders within the bound the recovery
 * argument assumes, 1/{@value PaxosConfig#DRIFT_DENOMINATOR} of the true rate either way
 * (paxos/Recovery.java). Rates are whole parts per million, so readings are exact.
 */
final class SimClock {

    static final long PPM = 1_000_000;
    static final long MAX_DRIFT_PPM = PPM / PaxosConfig.DRIFT_DENOMINATOR;

    /** The reading at true time {@code since}, and the rate since then. */
    private long reading;
    private long since;
    private long ratePpm;

    SimClock(Random random) {
        this.reading = random.nextInt(1_000_000_000);
        this.ratePpm = PPM + drift(random);
    }

    /** The rate wanders to another value within the bound, from true time {@code now} on. */
    void wander(long now, Random random) {
        reading = read(now);
        since = now;
        ratePpm = PPM + drift(random);
    }

    /** The reading at true time {@code now} (not before the last change of rate). */
    long read(long now) {
        return reading + (now - since) * ratePpm / PPM;
    }

    /** The first true time at or after {@code now} at which the reading is at least {@code target}. */
    long whenReads(long target, long now) {
        long current = read(now);
        if (current >= target) {
            return now;
        }
        long t = now + ((target - current) * PPM + ratePpm - 1) / ratePpm;
        while (read(t) < target) {
            t++;
        }
        return t;
    }

    long ratePpm() {
        return ratePpm;
    }

    private long drift(Random random) {
        // Often at the very bound, where a too short recovery delay would show.
        return switch (random.nextInt(4)) {
            case 0 -> MAX_DRIFT_PPM;
            case 1 -> -MAX_DRIFT_PPM;
            default -> random.nextLong(-MAX_DRIFT_PPM, MAX_DRIFT_PPM + 1);
        };
    }
}
