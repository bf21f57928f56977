package paxoschat.storage;

import java.io.Closeable;
import java.util.List;

import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;

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

    void append(List<DurableRecord> records);

    /** Makes every record appended so far durable; returns once it is. */
    void sync();

    boolean failed();

    /** True if records on this storage survive a crash. */
    boolean durable();

    @Override
    void close();
}
