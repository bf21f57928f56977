package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * How a replica that is behind learns the decisions it missed (lost Decisions, a partition,
 * a restart), and how it answers peers that are behind: decided values in windows of
 * chunks, or the chat entries of its snapshot once it compacted the slots asked for. Only
 * decided values travel here, so it concerns liveness, not agreement.
 */
final class CatchUp {

    /** Where caught-up decisions go: the node performs them and tells its leader. */
    interface Decider {
        void decide(long slot, Batch value);

        /** The replica jumped over {@code [from, to)} by installing a snapshot. */
        void skipped(long from, long to);
    }

    private final PaxosConfig config;
    private final Replica replica;
    private final PeerViews peers;
    private final Decider decider;
    /** Per peer, how many slots it has decided, as far as this node heard. */
    private final long[] peerDecided;
    /** Ticks since this node last asked to catch up or got something new from a catch-up. */
    private int age;
    /**
     * The slot the answer to its last catch-up request reaches, as far as it knows: while
     * the replica is below it, replies are still on their way and asking again would only
     * bring duplicates (see {@link #requestIfBehind}).
     */
    private long until;

    CatchUp(PaxosConfig config, Replica replica, PeerViews peers, Decider decider) {
        this.config = config;
        this.replica = replica;
        this.peers = peers;
        this.decider = decider;
        this.peerDecided = new long[config.clusterSize()];
    }

    /** A message of {@code node} showed it has decided {@code decided} slots. */
    void learned(int node, long decided) {
        peerDecided[node] = Math.max(peerDecided[node], decided);
    }

    /** A peer's new status, recorded in the peer views already. */
    void observed(PeerStatus status, Outbox out) {
        // A status replaces what we knew: a peer that restarted may have less than before.
        peerDecided[status.node()] = status.up() ? status.decided() : 0;
        if (replica.slotOut() >= until && status.up() && status.decided() > replica.slotOut()) {
            // Behind and not waiting for an answer: ask now rather than at the next resend
            // tick (a restarted server learns how far behind it is from these statuses).
            requestIfBehind(out);
        }
    }

    void tick(Outbox out) {
        // An answer still arriving is a window of catchUpChunks large replies: it gets that
        // many times the usual resend time, so a slow machine does not ask for it twice.
        int patience = replica.slotOut() < until ? config.resendTicks() * config.catchUpChunks()
                : config.resendTicks();
        if (++age >= patience) {
            requestIfBehind(out);
        }
    }

    /** Asks the peer that has decided the most, if that is more than this replica has. */
    void requestIfBehind(Outbox out) {
        int source = -1;
        for (int n = 0; n < peerDecided.length; n++) {
            if (n != config.node() && peers.mayBeUp(n)
                    && peerDecided[n] > replica.slotOut() && (source < 0 || peerDecided[n] > peerDecided[source])) {
                source = n;
            }
        }
        if (source >= 0) {
            age = 0;
            // At least one slot is on its way; the first reply says how many more.
            until = replica.slotOut() + 1;
            out.send(source, new Message.CatchUpRequest(config.node(), replica.slotOut(), replica.log().size()));
        }
    }

    void onRequest(Message.CatchUpRequest m, Outbox out) {
        if (m.fromSlot() < replica.base()) {
            // Compacted away: send the snapshot's entries the asker lacks instead.
            out.send(m.from(), new Message.SnapshotReply(config.node(), replica.base(), replica.baseSeq(),
                    m.fromSeq(), replica.entriesUpToBase(m.fromSeq(), config.catchUpChunk())));
        } else {
            answer(m, out);
        }
    }

    void onSnapshotReply(Message.SnapshotReply m, Outbox out) {
        learned(m.from(), m.slot());
        long before = replica.slotOut();
        long logBefore = replica.log().size();
        if (replica.install(m.slot(), m.snapshotSeq(), m.fromSeq(), m.entries(), out)) {
            decider.skipped(before, m.slot());
        }
        // One snapshot chunk per request: ask for the next once this one was of use. A
        // duplicate or stale chunk asks nothing, so duplicates cannot multiply.
        if (replica.slotOut() > before || replica.log().size() > logBefore) {
            until = replica.slotOut();
            age = 0;
            requestIfBehind(out);
        }
    }

    void onReply(Message.CatchUpReply m, Outbox out) {
        learned(m.from(), m.fromSlot() + m.values().size());
        long before = replica.slotOut();
        boolean news = m.fromSlot() + m.values().size() > before;
        for (int i = 0; i < m.values().size(); i++) {
            decider.decide(m.fromSlot() + i, m.values().get(i));
        }
        if (news) {
            // The window is still arriving (maybe out of order): that is progress, not a
            // reason to ask again. Ask for the next window once this one is performed.
            age = 0;
            until = Math.max(until, m.upTo());
            if (replica.slotOut() > before && replica.slotOut() >= until) {
                requestIfBehind(out);
            }
        }
    }

    /**
     * Answers a catch-up request with up to catchUpChunks replies of up to catchUpChunk
     * commands each, all at once: the transport sends each large reply in its own POST, so
     * they are encoded, sent, decoded and performed in parallel instead of one round trip
     * per chunk. They reference the decided values; nothing is copied here.
     */
    private void answer(Message.CatchUpRequest m, Outbox out) {
        List<List<Batch>> chunks = new ArrayList<>();
        long slot = m.fromSlot();
        while (chunks.size() < config.catchUpChunks()) {
            List<Batch> values = replica.decidedFrom(slot, config.catchUpChunk());
            if (values.isEmpty()) {
                break;
            }
            chunks.add(values);
            slot += values.size();
        }
        long from = m.fromSlot();
        for (List<Batch> values : chunks) {
            out.send(m.from(), new Message.CatchUpReply(config.node(), from, values, slot));
            from += values.size();
        }
    }

    @Override
    public String toString() {
        return "catch-up until=" + until + " age=" + age + " peerDecided=" + java.util.Arrays.toString(peerDecided);
    }
}
