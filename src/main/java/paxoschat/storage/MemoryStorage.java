package paxoschat.storage;

import java.util.List;

import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Snapshot;

/**
 * The in-memory twin for memory mode: it keeps nothing, so a restart starts empty (and the
 * server then restarts as an amnesiac that must recover before voting).
 */
public final class MemoryStorage implements Storage {

    @Override
    public DurableState recovered() {
        return new DurableState();
    }

    @Override
    public void append(List<DurableRecord> records) {
    }

    @Override
    public void sync() {
    }

    /** Nothing here survives a crash, so a snapshot is as durable as it gets at once. */
    @Override
    public void compactTo(Snapshot snapshot, Runnable whenDurable) {
        whenDurable.run();
    }

    @Override
    public boolean failed() {
        return false;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
    }
}
