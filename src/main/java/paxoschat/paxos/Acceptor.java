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

    Message.P1b onP1a(int self, Message.P1a m, long decided) {
        if (m.ballot().greaterThan(promised)) {
            promised = m.ballot();
        }
        List<PValue> reply = new ArrayList<>(accepted.tailMap(m.fromSlot(), true).values());
        return new Message.P1b(self, promised, reply, decided);
    }

    Message.P2b onP2a(int self, Message.P2a m) {
        if (m.ballot().compareTo(promised) < 0) {
            return new Message.P2b(self, promised, m.slot(), false);
        }
        promised = m.ballot();
        accepted.put(m.slot(), new PValue(m.ballot(), m.slot(), m.value()));
        return new Message.P2b(self, promised, m.slot(), true);
    }

    /** Installs the state a recovery collected from a majority of the other acceptors. */
    void restore(Ballot ballot, Map<Long, PValue> pvalues) {
        promised = Ballot.max(promised, ballot);
        pvalues.forEach((slot, pv) -> {
            PValue mine = accepted.get(slot);
            if (mine == null || pv.ballot().greaterThan(mine.ballot())) {
                accepted.put(slot, pv);
            }
        });
    }

    int acceptedCount() {
        return accepted.size();
    }
}
