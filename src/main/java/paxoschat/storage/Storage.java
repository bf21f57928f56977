package paxoschat.storage;

import java.io.Closeable;
import java.util.List;

import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Snapshot;

/**
 * Where a node's {@link DurableRecord}s go. {@link #append} only buffers; {@link #sync}
 * makes everything appended before it durable. After an I/O error the storage is failed
 * for good: append and sync throw {@link StorageFailedException} and never again report a
 * write as durable.
 *
 * <p>Threads: one thread appends (the node thread), one thread syncs (the flusher); they
 * may run at the same time.
 */
public interface Storage extends Closeable {

    /** The state read back when the storage was opened. */
    DurableState recovered();

    /**
     * The chat log for the node to keep its entries in: empty, or holding exactly the
     * entries of {@code recovered().snapshot()}, whose log is then a prefix of it; any
     * thread may read it while the node appends. By default a new log that keeps every entry
     * in memory. Call once.
     */
    default ChatLog chatLog() {
        return new SharedChatLog();
    }

    void append(List<DurableRecord> records);

    /** Makes every record appended so far durable; returns once it is. */
    void sync();

    /**
     * Makes {@code snapshot}, the node's own chat log up to its slot, the base of the durable
     * state, and runs {@code whenDurable} once it is (on a thread of the storage's choosing).
     * Call it on the syncing thread after a sync that covered the decision of every slot
     * below the snapshot's, so that until the snapshot is in place a restart rebuilds the
     * same log from those decisions.
     */
    void compactTo(Snapshot snapshot, Runnable whenDurable);

    boolean failed();

    /**
     * True if the state this storage held was lost (a damaged or lost data directory, and
     * the server was told to recover rather than stop): the node must then recover from
     * its peers before it votes, as in memory mode, and report {@link #recoveryDone} once
     * it has, and everything it learned is durable.
     */
    default boolean mustRecover() {
        return false;
    }

    /** The node recovered, and its records up to now are durable: a restart may trust them. */
    default void recoveryDone() {
    }

    /**
     * The log fell quiet: make sure the last write's records will read as synced, not as a
     * torn tail, whatever happens to them later (disk mode). Call on the syncing thread.
     */
    default void seal() {
    }

    /** True if records on this storage survive a crash. */
    boolean durable();

    @Override
    void close();
}
