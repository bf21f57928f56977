package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a node keeps across a crash: its acceptor's promise and votes, its decided log. */
public final class DurableState {

    private Ballot promised = Ballot.ZERO;
    private final Map<Long, PValue> accepted = new TreeMap<>();
    private Snapshot snapshot = Snapshot.EMPTY;
    /** Decided values of the slots from snapshot.slot() on. */
    private final List<Batch> decided = new ArrayList<>();

    public DurableState apply(DurableRecord record) {
        if (record instanceof DurableRecord.Promised p) {
            promised = Ballot.max(promised, p.ballot());
        } else if (record instanceof DurableRecord.Accepted a) {
            promised = Ballot.max(promised, a.pvalue().ballot());
            accepted.merge(a.pvalue().slot(), a.pvalue(), (x, y) -> y.ballot().greaterThan(x.ballot()) ? y : x);
        } else if (record instanceof DurableRecord.Decided d) {
            long expected = snapshot.slot() + decided.size();
            if (d.slot() != expected) {
                throw new IllegalStateException("decision of slot " + d.slot() + " out of order, expected "
                        + expected);
            }
            decided.add(d.value());
        } else if (record instanceof DurableRecord.Installed i) {
            install(i.snapshot());
        }
        return this;
    }

    /**
     * Takes a snapshot as the base: decided values and votes below its slot are dropped,
     * which is how storage compacts its log.
     */
    public DurableState install(Snapshot s) {
        long drop = s.slot() - snapshot.slot();
        if (drop < 0) {
            return this;
        }
        if (drop >= decided.size()) {
            decided.clear();
        } else {
            decided.subList(0, (int) drop).clear();
        }
        snapshot = s;
        accepted.keySet().removeIf(slot -> slot < s.slot());
        return this;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Ballot promised() {
        return promised;
    }

    public Map<Long, PValue> accepted() {
        return accepted;
    }

    /** Decided values of the slots from {@code snapshot().slot()} on. */
    public List<Batch> decided() {
        return decided;
    }
}
