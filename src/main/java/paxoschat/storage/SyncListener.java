package paxoschat.storage;

/**
 * Told of every group-commit sync (a metric's hook): how many steps it made durable at once
 * and how long the sync took. Called on the flusher thread, so it must be quick.
 */
@FunctionalInterface
public interface SyncListener {

    SyncListener NONE = (steps, nanos) -> {
    };

    void synced(int steps, long nanos);
}
