package paxoschat.jepsen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The pauses a schedule or a workload makes on purpose (think time, back-off, the time
 * between two faults). They end early when the run stops, so stopping never waits out a
 * pause.
 */
public final class Pacing {

    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    /** Pauses for {@code millis}, or less if stopped meanwhile. */
    public void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
