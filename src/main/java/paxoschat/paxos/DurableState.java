package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a node keeps across a crash: its acceptor's promise and votes, its decided log. */
public final class DurableState {

    private Ballot promised = Ballot.ZERO;
    private final Map<Long, PValue> accepted = new TreeMap<>();
    private final List<Batch> decided = new ArrayList<>();

    public DurableState apply(DurableRecord record) {
        if (record instanceof DurableRecord.Promised p) {
            promised = Ballot.max(promised, p.ballot());
        } else if (record instanceof DurableRecord.Accepted a) {
            promised = Ballot.max(promised, a.pvalue().ballot());
            accepted.merge(a.pvalue().slot(), a.pvalue(), (x, y) -> y.ballot().greaterThan(x.ballot()) ? y : x);
        } else if (record instanceof DurableRecord.Decided d) {
            if (d.slot() != decided.size()) {
                throw new IllegalStateException("decision of slot " + d.slot() + " out of order, expected "
                        + decided.size());
            }
            decided.add(d.value());
        }
        return this;
    }

    public Ballot promised() {
        return promised;
    }

    public Map<Long, PValue> accepted() {
        return accepted;
    }

    public List<Batch> decided() {
        return decided;
    }
}
