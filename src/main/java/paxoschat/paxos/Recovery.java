package paxoschat.paxos;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * How a server that restarted without its acceptor state earns back its vote.
 *
 * <p>Voting with a blank memory is unsafe: the server may have accepted a value that a
 * majority including it chose, and a later leader whose phase-1 quorum meets that majority
 * only in this server would miss the value. So the restarted server first runs phase 1 of
 * a ballot of its own against the <em>other</em> servers, and only votes once a majority of
 * all servers (n / 2 + 1), not counting itself, promised that ballot. It then promises that
 * ballot itself and takes, per slot, the highest-ballot pvalue they reported.
 *
 * <p>Why that is safe. Let v be chosen in slot s at ballot c by a majority M that includes
 * this server. (1) Every member of the phase-1 quorum P of c promised c before the leader
 * of c sent its 2a, so before this server crashed; P minus this server has n / 2 members
 * and the recovery quorum Q has n / 2 + 1 of the n - 1 others, so they share a member, whose
 * promise is at least c when it answers; the recovery ballot, which is above every promise
 * in Q, is therefore above c. (2) M minus this server and Q also share a member Y. Y promised
 * the recovery ballot, which is above c, so Y accepted c before that promise (afterwards it
 * would refuse c), and reported a pvalue of ballot at least c for s; by the usual Paxos
 * induction its value is v. So the restored state holds what a memory of its own would have
 * held, as far as any later phase 1 can tell.
 *
 * <p>One case needs time: a ballot this server promised but whose phase 1 had not finished
 * when it crashed could finish later using the forgotten promise. It cannot: a scout gives
 * up its ballot after {@code scoutLifetimeTicks}, the transport drops messages older than
 * that, and a restarted server waits {@code recoveryDelayTicks} (at least as long) before it
 * starts; so every phase 1 that counted its old promise has ended before it votes again.
 * Both of those clocks run from before the old process died, so the wait may too: when the
 * master knows when it saw that process dead, the server owes only what is left of the
 * delay since then (the adapter's PaxosProperties.recoveryDelayTicks; this class just
 * counts the ticks it is given).
 */
final class Recovery {

    private final PaxosConfig config;
    private final IntPredicate recoveringPeer;
    private final LongSupplier decidedPrefix;
    private int waited;
    /** A higher ballot of another recovering server: wait for it instead of outbidding it. */
    private Ballot yieldTo;
    private Ballot ballot;
    private final Set<Integer> promised = new HashSet<>();
    private final Map<Long, PValue> pmax = new HashMap<>();
    private long decidedTarget;
    private Resends resends;

    Recovery(PaxosConfig config, IntPredicate recoveringPeer, LongSupplier decidedPrefix) {
        this.config = config;
        this.recoveringPeer = recoveringPeer;
        this.decidedPrefix = decidedPrefix;
    }

    boolean started() {
        return ballot != null;
    }

    long decidedTarget() {
        return decidedTarget;
    }

    Ballot ballot() {
        return ballot;
    }

    /**
     * Returns true when the recovery quorum is complete. Never for a server alone: it was
     * the whole majority, and what it forgot nobody else can tell it.
     */
    boolean tick(Ballot seen, Outbox out) {
        if (ballot == null) {
            if (++waited >= config.recoveryDelayTicks()) {
                restart(seen, out);
            }
            return false;
        }
        if (yieldTo != null) {
            if (!recoveringPeer.test(yieldTo.leader())) {
                restart(Ballot.max(seen, yieldTo), out);
            }
        } else if (resends.tick()) {
            sendToMissing(out);
        }
        return false;
    }

    /** Returns true when the recovery quorum is complete. */
    boolean onP1b(Message.P1b m, Outbox out) {
        if (ballot == null) {
            return false;
        }
        if (m.ballot().equals(ballot)) {
            if (promised.add(m.from())) {
                PValues.mergeInto(pmax, m.accepted());
                decidedTarget = Math.max(decidedTarget, m.decided());
            }
            return promised.size() >= config.majority();
        }
        if (m.ballot().greaterThan(ballot)) {
            // Two servers recovering at once would outbid each other forever, so the one
            // with the higher id waits until the lower one is done, and the lower one
            // outbids. By ballot instead, each could wait for the other: a ballot may be
            // left over from an earlier life of a peer that now recovers with a lower one.
            if (m.ballot().leader() < config.node() && recoveringPeer.test(m.ballot().leader())) {
                yieldTo = m.ballot();
                promised.clear();
                pmax.clear();
            } else {
                restart(m.ballot(), out);
            }
        }
        return false;
    }

    void install(Acceptor acceptor, Outbox out) {
        if (ballot != null) {
            acceptor.restore(ballot, pmax, out);
        }
    }

    private void restart(Ballot above, Outbox out) {
        ballot = Ballot.max(above, ballot == null ? Ballot.ZERO : ballot).next(config.node());
        yieldTo = null;
        promised.clear();
        pmax.clear();
        resends = new Resends(config.resendTicks());
        sendToMissing(out);
    }

    private void sendToMissing(Outbox out) {
        for (int to = 0; to < config.clusterSize(); to++) {
            if (to != config.node() && !promised.contains(to)) {
                // Votes below this server's decided prefix are not needed: its promises report
                // that prefix as decided, and leaders never propose there (see Leader.adopted).
                // Asking only for the rest keeps the answers small however long the log is.
                out.send(to, new Message.P1a(config.node(), ballot, decidedPrefix.getAsLong()));
            }
        }
    }

    @Override
    public String toString() {
        return "recovery ballot=" + ballot + " yieldTo=" + yieldTo + " promised=" + promised + " waited=" + waited;
    }
}
