package paxoschat.master;

/** Waiting between polls, replaceable in tests by a clock that just moves on. */
@FunctionalInterface
public interface Pause {

    void pause(long millis);

    Pause REAL = millis -> {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    };
}
