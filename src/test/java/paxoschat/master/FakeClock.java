package paxoschat.master;

import java.util.function.LongSupplier;

/** Virtual time for tests: pausing just moves the clock, so time-outs cost nothing. */
final class FakeClock implements LongSupplier, Pause {

    private long now = 1_000_000;

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    @Override
    public synchronized void pause(long millis) {
        now += millis;
    }

    synchronized void advance(long millis) {
        now += millis;
    }
}
