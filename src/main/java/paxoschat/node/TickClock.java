package paxoschat.node;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many protocol ticks are due, by the wall clock. Protocol timeouts thus keep wall-clock
 * time however late the node thread gets to run: the recovery argument counts on a scout's
 * lifetime passing in real time (paxos/Recovery.java). Node thread only, after {@link #start}.
 */
final class TickClock {

    private final long tickNanos;
    private final LongSupplier nanoClock;
    /** When ticking began, and how many ticks were taken since. */
    private long origin;
    private long taken;

    TickClock(Duration interval, LongSupplier nanoClock) {
        this.tickNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    Duration interval() {
        return Duration.ofNanos(tickNanos);
    }

    void start() {
        origin = nanoClock.getAsLong();
    }

    /** The ticks due since the last call (often 1, 0 if none, more after a stall), now taken. */
    long takeDue() {
        long due = (nanoClock.getAsLong() - origin) / tickNanos;
        if (taken >= due) {
            return 0;
        }
        long n = due - taken;
        taken = due;
        return n;
    }
}
