package paxoschat.jepsen.workload;

import java.time.Duration;

/** The threads that run writers and readers: daemons, so a failing run leaves none behind. */
public final class Workers {

    private Workers() {
    }

    public static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits at most {@code max} for {@code t}; an interrupt is kept for the caller. */
    public static void join(Thread t, Duration max) {
        try {
            t.join(Math.max(1, max.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
