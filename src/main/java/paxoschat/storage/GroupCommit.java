package paxoschat.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.paxos.DurableRecord;

/**
 * Group commit without blocking the caller: {@link #submit} appends a step's records to
 * the storage and queues what the step may only do once they are durable (its "release":
 * sending its messages, answering its clients). A flusher thread takes everything queued,
 * syncs the storage once for all of it, then runs the releases in submission order. A
 * release never runs before the records of its own and of every earlier submission are
 * durable.
 *
 * <p>If the storage fails, no queued or later release runs: {@code onFailure} is told
 * (the server halts), and {@link #submit} throws.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /**
     * How long the flusher waits for more after a sync before it seals the log
     * ({@link Storage#seal}): under load the next write seals the last one, for free; only a
     * write with nothing after it costs one more fsync, this long after it.
     */
    static final long SEAL_AFTER_MILLIS = 50;

    private final Storage storage;
    private final Consumer<Throwable> onFailure;
    private final SyncListener listener;
    private final Thread flusher;
    private final Object lock = new Object();
    private List<Runnable> queue = new ArrayList<>();
    private boolean closing;
    private volatile Throwable failure;
    private long syncs;
    private long released;

    public GroupCommit(Storage storage, Consumer<Throwable> onFailure, String threadName) {
        this(storage, onFailure, threadName, SyncListener.NONE);
    }

    public GroupCommit(Storage storage, Consumer<Throwable> onFailure, String threadName, SyncListener listener) {
        this.storage = storage;
        this.onFailure = onFailure;
        this.listener = listener;
        this.flusher = new Thread(this::run, threadName);
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /**
     * Appends {@code writes} and schedules {@code release} to run, on the flusher thread,
     * once they and everything submitted before are durable.
     */
    public void submit(List<DurableRecord> writes, Runnable release) {
        if (failure != null) {
            throw new StorageFailedException("storage failed earlier", failure);
        }
        storage.append(writes);
        synchronized (lock) {
            if (closing) {
                return;
            }
            queue.add(release);
            lock.notifyAll();
        }
    }

    /** Syncs performed and releases run so far (diagnostics, tests). */
    public long[] counts() {
        synchronized (lock) {
            return new long[] {syncs, released};
        }
    }

    private void run() {
        boolean unsealed = false;
        while (true) {
            List<Runnable> batch;
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        if (!unsealed) {
                            lock.wait();
                        } else {
                            lock.wait(SEAL_AFTER_MILLIS);
                            if (queue.isEmpty() && !closing) {
                                break;
                            }
                        }
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (queue.isEmpty() && closing) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            try {
                if (batch.isEmpty()) {
                    storage.seal();
                    unsealed = false;
                    continue;
                }
                // Records of every queued step were appended before it was queued.
                long start = System.nanoTime();
                storage.sync();
                unsealed = true;
                listener.synced(batch.size(), System.nanoTime() - start);
            } catch (RuntimeException | Error e) {
                failure = e;
                synchronized (lock) {
                    closing = true;
                    queue.clear();
                }
                onFailure.accept(e);
                return;
            }
            for (Runnable r : batch) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("a release after group commit failed", e);
                }
            }
            synchronized (lock) {
                syncs++;
                released += batch.size();
            }
        }
    }

    /** Makes what was submitted durable, runs its releases, and stops the flusher. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            flusher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
