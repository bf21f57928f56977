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
 * <p>One case needs time: a ballot b whose scout counted a promise of this server's
 * previous process. Counted after this server votes again, it would rest on a promise
 * nobody keeps. But if every promise the scout of b counted was sent before its sender
 * answered the recovery's 1a, then, as in (1), some member of the recovery quorum had
 * promised b when it answered, the recovery ballot is above b, and the old promise is just
 * a fact of the previous life, as above. So it is enough that every scout which counted the
 * old promise stops counting before the recovery's 1a leave, and time measured on one
 * clock at a time does that; no clock is compared with another's:
 * <ul>
 * <li>A scout counts promises only within {@code scoutLifetimeTicks} ticks of its own node
 * from the tick it started (Leader.tick then replaces it with a scout of a higher ballot),
 * and the node applies every tick its clock says is due before it handles any input
 * (paxoschat.node.NodeLoop). So a promise handled after the lifetime passed, however long
 * it waited in a queue, a socket or a paused process, meets a scout of another ballot and
 * is not counted. The scout started before the old process answered it, so before that
 * process died.
 * <li>The restarted server starts to recover after {@code recoveryDelayTicks} ticks of its
 * own clock since it started, so after the death.
 * <li>Assumption: tick clocks are monotonic and each runs at a rate within 1/{@value
 * PaxosConfig#DRIFT_DENOMINATOR} of the true rate. Then the scout's lifetime passes within
 * scoutLifetimeTicks / (1 - drift) ticks of real time, the delay takes at least
 * recoveryDelayTicks / (1 + drift), and {@link PaxosConfig#minRecoveryDelayTicks} makes the
 * second the longer. Nothing assumes that clocks agree on the time of day, that messages
 * arrive within any bound, or that a node thread runs on time (late ticks only make the
 * delay longer in real time). A process paused by SIGSTOP keeps the assumption (its
 * monotonic clock runs on); a machine suspended with its clock stopped breaks it.
 * </ul>
 * The delay may count from the old process's death instead of the new one's start: when
 * the master saw that process dead, the server owes only what is left of the delay since
 * then (PaxosProperties.recoveryDelayTicks in the adapter). That shortcut compares two
 * readings of one host's wall clock, the master's and the new server's, and holds unless
 * that clock is set forward in between.
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
