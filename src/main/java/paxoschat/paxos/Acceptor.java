package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PMMC's acceptor: it promises ballots and accepts pvalues. It keeps only the highest-ballot
 * pvalue per slot, which is all a scout ever uses.
 */
final class Acceptor {

    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Long, PValue> accepted = new TreeMap<>();

    Ballot promised() {
        return promised;
    }

    Message.P1b onP1a(int self, Message.P1a m, long decided, Outbox out) {
        if (m.ballot().greaterThan(promised)) {
            promised = m.ballot();
            out.write(new DurableRecord.Promised(promised));
        }
        List<PValue> reply = new ArrayList<>(accepted.tailMap(m.fromSlot(), true).values());
        return new Message.P1b(self, promised, reply, decided);
    }

    Message.P2b onP2a(int self, Message.P2a m, Outbox out) {
        if (m.ballot().compareTo(promised) < 0) {
            return new Message.P2b(self, promised, m.slot(), false);
        }
        promised = m.ballot();
        PValue pv = new PValue(m.ballot(), m.slot(), m.value());
        accepted.put(m.slot(), pv);
        out.write(new DurableRecord.Accepted(pv));
        return new Message.P2b(self, promised, m.slot(), true);
    }

    /**
     * Installs state read back from disk, or collected by a recovery from a majority of
     * the other acceptors; in the latter case {@code out} makes it durable too.
     */
    void restore(Ballot ballot, Map<Long, PValue> pvalues, Outbox out) {
        promised = Ballot.max(promised, ballot);
        out.write(new DurableRecord.Promised(promised));
        pvalues.forEach((slot, pv) -> {
            PValue mine = accepted.get(slot);
            if (mine == null || pv.ballot().greaterThan(mine.ballot())) {
                accepted.put(slot, pv);
                out.write(new DurableRecord.Accepted(pv));
            }
        });
    }

    /**
     * The value chosen in {@code slot} by a majority that accepted {@code ballot}'s 2a, if
     * this acceptor's vote there is of that ballot or a later one (every proposal accepted
     * after a value is chosen carries that value); null if it holds no such vote.
     */
    Batch chosenValue(Ballot ballot, long slot) {
        PValue mine = accepted.get(slot);
        return mine != null && !ballot.greaterThan(mine.ballot()) ? mine.value() : null;
    }

    /** Votes below {@code slot} are for slots this node knows decided; they can go. */
    void compact(long slot) {
        accepted.headMap(slot).clear();
    }

    int acceptedCount() {
        return accepted.size();
    }
}
