package paxoschat.node;

import java.util.List;

import paxoschat.paxos.DurableRecord;
import paxoschat.storage.GroupCommit;
import paxoschat.storage.Storage;
import paxoschat.storage.StorageFailedException;
import paxoschat.storage.SyncListener;

/**
 * Runs what must wait for durable records once they are durable: at once in memory mode,
 * on the {@link GroupCommit} flusher thread in disk mode, after the sync that covers them
 * and every earlier task's records. If the storage fails, nothing is released and the
 * server stops.
 */
final class CommitGate implements AutoCloseable {

    /** Null in memory mode. */
    private final GroupCommit commit;
    private final FailStop failStop;

    CommitGate(Storage storage, FailStop failStop, String flusherName, SyncListener syncs) {
        this.failStop = failStop;
        this.commit = storage.durable() ? new GroupCommit(storage, failStop::storageFailed, flusherName, syncs) : null;
    }

    /** True if records become durable only at a sync (disk mode). */
    boolean syncs() {
        return commit != null;
    }

    void release(List<DurableRecord> writes, Runnable effects) {
        if (commit == null) {
            effects.run();
            return;
        }
        try {
            commit.submit(writes, () -> {
                try {
                    effects.run();
                } catch (RuntimeException | Error e) {
                    failStop.failed("a release after a sync", e);
                }
            });
        } catch (StorageFailedException e) {
            failStop.storageFailed(e);
        }
    }

    /** Makes what was submitted durable, releases it, and stops the flusher. */
    @Override
    public void close() {
        if (commit != null) {
            commit.close();
        }
    }
}
