package paxoschat.paxos;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One server's protocol core: its replica, acceptor and leader (with scouts and
 * commanders), plus the recovery of a server that restarted without its acceptor state.
 *
 * <p>Pure and single-threaded: each input (a client command, a message, a tick, a peer
 * status) returns the {@link Step} it caused. The caller owns threads, clocks and I/O.
 */
public final class PaxosNode {

    private final PaxosConfig config;
    private final Outbox out;
    private final Replica replica;
    private final Acceptor acceptor = new Acceptor();
    private final Leader leader;
    private final Map<Integer, PeerStatus> peers = new HashMap<>();
    private Recovery recovery;
    private Ballot highestSeen = Ballot.ZERO;
    /** Per peer, how many slots it has decided, as far as this node heard. */
    private final long[] peerDecided;
    /** Ticks since this node last asked to catch up or got something new from a catch-up. */
    private int catchUpAge;
    /**
     * The slot the answer to its last catch-up request reaches, as far as it knows: while
     * the replica is below it, replies are still on their way and asking again would only
     * bring duplicates (see {@link #requestCatchUpIfBehind}).
     */
    private long catchUpUntil;
    private int resendAge;
    private int routedTo = -1;
    private boolean crashed;
    /** Peers this node has seen up at least once, and ticks since that set last grew. */
    private final Set<Integer> seenUp = new HashSet<>();
    private int ticksSinceNewPeer;
    /** Restarted from disk with a promise: a cluster with a history (see shouldCampaign). */
    private boolean restoredPromise;
    /** Whether this node has known a leader (itself or a peer) since it started. */
    private boolean knewLeader;

    /**
     * @param amnesiac true if this server ran before and lost its acceptor state: it must
     *                 recover before it may vote (see {@link Recovery})
     */
    public PaxosNode(PaxosConfig config, boolean amnesiac) {
        this(config, amnesiac, ChatLog.inMemory());
    }

    /** @param log where the replica keeps its chat log: empty, or see {@link #restored} */
    public PaxosNode(PaxosConfig config, boolean amnesiac, ChatLog log) {
        this.config = config;
        this.replica = new Replica(log);
        this.out = new Outbox(config.node(), config.clusterSize());
        this.leader = new Leader(config, replica);
        this.recovery = amnesiac ? new Recovery(config, this::isRecoveringPeer, replica::slotOut) : null;
        this.peerDecided = new long[config.clusterSize()];
    }

    /**
     * A node that restarts from durable storage: it votes at once with the promise and
     * votes it had, and performs its decided log again (emitting no durable writes for it).
     */
    public static PaxosNode restored(PaxosConfig config, DurableState state) {
        return restored(config, state, ChatLog.inMemory());
    }

    /**
     * As {@link #restored(PaxosConfig, DurableState)}, into {@code log}: empty, or holding
     * just the snapshot's entries with the snapshot's log a prefix of it (storage read them
     * there while it opened, so they never had to be in memory all at once).
     */
    public static PaxosNode restored(PaxosConfig config, DurableState state, ChatLog log) {
        PaxosNode node = new PaxosNode(config, false, log);
        node.acceptor.restore(state.promised(), state.accepted(), node.out);
        node.see(state.promised());
        node.restoredPromise = !state.promised().equals(Ballot.ZERO);
        node.replica.restore(state.snapshot());
        long base = state.snapshot().slot();
        for (int i = 0; i < state.decided().size(); i++) {
            node.replica.decide(base + i, state.decided().get(i), node.out);
        }
        node.out.drain(false);
        return node;
    }

    /** The replica's state now, for storage to write as a snapshot. */
    public Snapshot snapshot() {
        return replica.snapshot();
    }

    /**
     * Forgets decided values and votes below {@code slot} (at most {@link #decided()}),
     * once storage holds a snapshot at or above it. Peers that fall behind it get the
     * snapshot instead of the values.
     */
    public void compact(long slot) {
        long upTo = Math.min(slot, replica.slotOut());
        replica.compact(upTo);
        acceptor.compact(upTo);
    }

    /**
     * Forgets this acceptor's votes below the decided prefix, which no leader asks for: its
     * promises report that prefix as decided, and a leader proposes nothing below the
     * highest decided prefix its promisers report (Leader.adopted). The decided values stay
     * until a snapshot covers them, for catch-up. Disk mode only, where storage still holds
     * the votes and a restart reads them back; in memory mode a recovering peer rebuilds its
     * votes from its peers' (see NodeRunner.maybeCompact).
     */
    public void forgetDecidedVotes() {
        acceptor.compact(replica.slotOut());
    }

    public int id() {
        return config.node();
    }

    // ---- inputs ----------------------------------------------------------------------

    /** A client asks this server to add {@code command} to the chat log. */
    public Step submit(Command command) {
        if (!crashed && replica.accept(command)) {
            route(command);
        }
        return drain();
    }

    public Step receive(Message message) {
        if (crashed) {
            return drain();
        }
        if (message instanceof Message.Request m) {
            // A request reaching a non-leader is dropped: its replica resends it to
            // whichever leader it learns of, so no forwarding loops can form.
            leader.onRequest(m.command(), out);
        } else if (message instanceof Message.P1a m) {
            see(m.ballot());
            if (recovery == null) {
                out.send(m.from(), acceptor.onP1a(config.node(), m, replica.slotOut(), out));
            }
        } else if (message instanceof Message.P2a m) {
            see(m.ballot());
            if (recovery == null) {
                out.send(m.from(), acceptor.onP2a(config.node(), m, out));
            }
        } else if (message instanceof Message.P1b m) {
            see(m.ballot());
            learnDecided(m.from(), m.decided());
            if (recovery != null) {
                if (recovery.onP1b(m, out)) {
                    finishRecovery();
                }
            } else {
                leader.onP1b(m, out);
            }
        } else if (message instanceof Message.P2b m) {
            see(m.ballot());
            leader.onP2b(m, out);
        } else if (message instanceof Message.Decision m) {
            decide(m.slot(), m.value());
        } else if (message instanceof Message.Chosen m) {
            // Without the vote (forgotten in a restart without state, or dropped once
            // decided) the replica learns the value by catch-up, as after a lost Decision.
            Batch value = acceptor.chosenValue(m.ballot(), m.slot());
            if (value != null) {
                decide(m.slot(), value);
            }
        } else if (message instanceof Message.CatchUpRequest m) {
            if (m.fromSlot() < replica.base()) {
                // Compacted away: send the snapshot's entries the asker lacks instead.
                out.send(m.from(), new Message.SnapshotReply(config.node(), replica.base(), replica.baseSeq(),
                        m.fromSeq(), replica.entriesUpToBase(m.fromSeq(), config.catchUpChunk())));
            } else {
                answerCatchUp(m);
            }
        } else if (message instanceof Message.SnapshotReply m) {
            learnDecided(m.from(), m.slot());
            long before = replica.slotOut();
            long logBefore = replica.log().size();
            if (replica.install(m.slot(), m.snapshotSeq(), m.fromSeq(), m.entries(), out)) {
                for (long slot = before; slot < m.slot(); slot++) {
                    leader.onDecided(slot, null, out);
                }
            }
            // One snapshot chunk per request: ask for the next once this one was of use. A
            // duplicate or stale chunk asks nothing, so duplicates cannot multiply.
            if (replica.slotOut() > before || replica.log().size() > logBefore) {
                catchUpUntil = replica.slotOut();
                catchUpAge = 0;
                requestCatchUpIfBehind();
            }
        } else if (message instanceof Message.CatchUpReply m) {
            learnDecided(m.from(), m.fromSlot() + m.values().size());
            long before = replica.slotOut();
            boolean news = m.fromSlot() + m.values().size() > before;
            for (int i = 0; i < m.values().size(); i++) {
                decide(m.fromSlot() + i, m.values().get(i));
            }
            if (news) {
                // The window is still arriving (maybe out of order): that is progress, not a
                // reason to ask again. Ask for the next window once this one is performed.
                catchUpAge = 0;
                catchUpUntil = Math.max(catchUpUntil, m.upTo());
                if (replica.slotOut() > before && replica.slotOut() >= catchUpUntil) {
                    requestCatchUpIfBehind();
                }
            }
        }
        return drain();
    }

    public Step tick() {
        if (crashed) {
            return drain();
        }
        ticksSinceNewPeer++;
        if (recovery != null) {
            if (recovery.tick(highestSeen, out)) {
                finishRecovery();
            }
        } else if (leader.isIdle()) {
            campaignIfDue();
            routePendingIfLeaderChanged();
        }
        leader.tick(out);
        // An answer still arriving is a window of catchUpChunks large replies: it gets that
        // many times the usual resend time, so a slow machine does not ask for it twice.
        int patience = replica.slotOut() < catchUpUntil ? config.resendTicks() * config.catchUpChunks()
                : config.resendTicks();
        if (++catchUpAge >= patience) {
            requestCatchUpIfBehind();
        }
        if (++resendAge >= config.resendTicks() * 2) {
            resendAge = 0;
            replica.pending().forEach(this::route);
        }
        return drain();
    }

    /** What the failure detector learned of a peer. */
    public Step observe(PeerStatus status) {
        if (crashed || status.node() == config.node()) {
            return drain();
        }
        peers.put(status.node(), status);
        if (status.up() && seenUp.add(status.node())) {
            ticksSinceNewPeer = 0;
        }
        knewLeader |= status.up() && status.leading() && !status.recovering();
        if (status.up() && status.leading() && !status.recovering() && status.ballot().greaterThan(leader.ballot())) {
            // Another leader holds a higher ballot: an idle leader would only learn that from
            // its next refused 2a, and meanwhile both would report themselves leading.
            leader.preempted(status.ballot());
        }
        // A status replaces what we knew: a peer that restarted may have less than before.
        peerDecided[status.node()] = status.up() ? status.decided() : 0;
        if (status.up()) {
            see(status.ballot());
        }
        if (replica.slotOut() >= catchUpUntil && status.up() && status.decided() > replica.slotOut()) {
            // Behind and not waiting for an answer: ask now rather than at the next resend
            // tick (a restarted server learns how far behind it is from these statuses).
            requestCatchUpIfBehind();
        }
        routePendingIfLeaderChanged();
        return drain();
    }

    /**
     * Arms the time bomb: the node crashes after sending {@code messages} more phase 1a or
     * 2a messages to other servers; 0 crashes it at once.
     */
    public Step armTimeBomb(int messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("a time bomb needs a count of at least 0");
        }
        TimeBomb bomb = new TimeBomb(messages);
        out.arm(bomb);
        if (bomb.exploded()) {
            crashed = true;
        }
        return drain();
    }

    // ---- queries -----------------------------------------------------------------------

    /** Recovered and caught up with what the recovery quorum had decided: fit to serve. */
    public boolean isReady() {
        return !crashed && recovery == null && replica.slotOut() >= readyTarget;
    }

    public boolean isRecovering() {
        return recovery != null;
    }

    public boolean isCrashed() {
        return crashed;
    }

    /** Leading, campaigning, or an incumbent waiting to resume (see campaignIfDue). */
    public boolean isLeading() {
        return !leader.isIdle() || incumbent;
    }

    public Ballot ballot() {
        return leader.isIdle() ? Ballot.max(highestSeen, acceptor.promised()) : leader.ballot();
    }

    /** The node this one believes leads, or -1. */
    public int leaderHint() {
        return leaderTarget();
    }

    /** Number of decided slots this replica has performed. */
    public long decided() {
        return replica.slotOut();
    }

    /** The chat log as it is now (a view that reads entries when asked for). */
    public List<ChatEntry> log() {
        return replica.log().all();
    }

    /** The chat log itself, which other threads may read while the node appends. */
    public ChatLog chatLog() {
        return replica.log();
    }

    public Optional<Long> seqOf(RequestKey key) {
        return replica.seqOf(key);
    }

    /**
     * A read fence (see {@link ReadFence}) if this node leads an adopted ballot, else empty.
     * Follow it with {@link #proposeFresh()}, so that something is chosen to hold it.
     */
    public Optional<ReadFence> readFence() {
        long slot = leader.freshSlot();
        return crashed || slot < 0 ? Optional.empty() : Optional.of(new ReadFence(leader.ballot(), slot));
    }

    /** Proposes a fresh slot soon (a no-op if no request waits), for the fences taken before. */
    public Step proposeFresh() {
        if (!crashed) {
            leader.wantFresh(out);
        }
        return drain();
    }

    /** True once {@code fence} holds: a slot at or above its slot was chosen in its ballot. */
    public boolean fenceHolds(ReadFence fence) {
        return !fenceBroken(fence) && leader.chosenHigh() >= fence.slot();
    }

    /** True if {@code fence} can no longer hold: this node no longer leads with its ballot. */
    public boolean fenceBroken(ReadFence fence) {
        return crashed || leader.mode() != Leader.Mode.ACTIVE || !leader.ballot().equals(fence.ballot());
    }

    /** 1a and 2a messages this node resent because they went unanswered (a metric). */
    public long resentMessages() {
        return leader.resent();
    }

    /** Ballots of its own this node campaigned with (a metric: elections it began). */
    public long campaigns() {
        return leader.campaigns();
    }

    public PeerStatus status() {
        return new PeerStatus(config.node(), !crashed, recovery != null, isLeading(), ballot(), decided());
    }

    @Override
    public String toString() {
        return "node " + config.node() + " " + leader + " incumbent=" + incumbent + " recovery=" + recovery
                + " slotOut=" + replica.slotOut() + " pending=" + replica.pending().size();
    }

    // ---- internals ---------------------------------------------------------------------

    private long readyTarget;
    private boolean incumbent;

    /**
     * A leader that was preempted stays the incumbent unless another candidate is leading:
     * the preemption may come from a restarted server's recovery ballot (see Recovery) or
     * from a server that is gone. While a peer is recovering the incumbent waits, reporting
     * itself as leading so nobody else campaigns; outbidding the recovery would only make
     * the two chase each other's ballots. Then it takes over again, so restarting another
     * server never moves leadership.
     */
    private void campaignIfDue() {
        if (leader.takePreemption() != null) {
            incumbent = true;
        }
        if (incumbent) {
            if (otherLeaderUp()) {
                incumbent = false;
            } else if (!peerRecovering() && votersUp() >= config.majority()) {
                incumbent = false;
                leader.campaign(Ballot.max(highestSeen, acceptor.promised()), out);
            }
        } else if (shouldCampaign()) {
            leader.campaign(Ballot.max(highestSeen, acceptor.promised()), out);
        }
    }

    private boolean otherLeaderUp() {
        for (PeerStatus p : peers.values()) {
            if (p.up() && p.leading() && !p.recovering()) {
                return true;
            }
        }
        return false;
    }

    /** This node and the peers that are up and may vote (not recovering), as far as it knows. */
    private int votersUp() {
        int count = 1;
        for (PeerStatus p : peers.values()) {
            if (p.up() && !p.recovering()) {
                count++;
            }
        }
        return count;
    }

    private boolean peerRecovering() {
        for (PeerStatus p : peers.values()) {
            if (p.up() && p.recovering()) {
                return true;
            }
        }
        return false;
    }

    private void finishRecovery() {
        recovery.install(acceptor, out);
        readyTarget = Math.max(readyTarget, recovery.decidedTarget());
        see(recovery.ballot() == null ? Ballot.ZERO : recovery.ballot());
        recovery = null;
        requestCatchUpIfBehind();
    }

    private void decide(long slot, Batch value) {
        boolean fresh = !replica.hasDecision(slot);
        replica.decide(slot, value, out);
        if (fresh) {
            leader.onDecided(slot, value, out);
        }
    }

    private void see(Ballot ballot) {
        highestSeen = Ballot.max(highestSeen, ballot);
    }

    private void learnDecided(int node, long decided) {
        peerDecided[node] = Math.max(peerDecided[node], decided);
    }

    /** Asks the peer that has decided the most, if that is more than this replica has. */
    private void requestCatchUpIfBehind() {
        int source = -1;
        for (int n = 0; n < peerDecided.length; n++) {
            PeerStatus p = peers.get(n);
            if (n != config.node() && (p == null || p.up())
                    && peerDecided[n] > replica.slotOut() && (source < 0 || peerDecided[n] > peerDecided[source])) {
                source = n;
            }
        }
        if (source >= 0) {
            catchUpAge = 0;
            // At least one slot is on its way; the first reply says how many more.
            catchUpUntil = replica.slotOut() + 1;
            out.send(source, new Message.CatchUpRequest(config.node(), replica.slotOut(), replica.log().size()));
        }
    }

    /**
     * Answers a catch-up request with up to catchUpChunks replies of up to catchUpChunk
     * commands each, all at once: the transport sends each large reply in its own POST, so
     * they are encoded, sent, decoded and performed in parallel instead of one round trip
     * per chunk. They reference the decided values; nothing is copied here.
     */
    private void answerCatchUp(Message.CatchUpRequest m) {
        List<List<Batch>> chunks = new java.util.ArrayList<>();
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

    private boolean isRecoveringPeer(int node) {
        PeerStatus p = peers.get(node);
        return p != null && p.up() && p.recovering();
    }

    /**
     * Leadership moved (a peer took over, or this node began to campaign): hand what is still
     * pending to the new leader at once rather than at the next resend.
     */
    private void routePendingIfLeaderChanged() {
        int target = leaderTarget();
        if (target >= 0 && target != routedTo) {
            replica.pending().forEach(this::route);
        }
    }

    private void route(Command command) {
        int target = leaderTarget();
        routedTo = target;
        if (target == config.node()) {
            leader.onRequest(command, out);
        } else if (target >= 0) {
            out.send(target, new Message.Request(config.node(), command));
        }
    }

    /** This node if it leads or campaigns; else the leader it knows of; else -1. */
    private int leaderTarget() {
        if (!leader.isIdle()) {
            return config.node();
        }
        PeerStatus best = null;
        for (PeerStatus p : peers.values()) {
            if (p.up() && p.leading() && !p.recovering()
                    && (best == null || p.ballot().greaterThan(best.ballot()))) {
                best = p;
            }
        }
        if (best != null) {
            return best.node();
        }
        int owner = acceptor.promised().leader();
        return owner >= 0 && owner != config.node() && isCandidate(owner) ? owner : -1;
    }

    private boolean isCandidate(int node) {
        if (node == config.node()) {
            return recovery == null;
        }
        PeerStatus p = peers.get(node);
        return p != null && p.up() && !p.recovering();
    }

    /**
     * Campaign if no other candidate leads and this is the lowest-numbered candidate. A
     * leader keeps leading while it is up, so restarting another server never moves
     * leadership. Servers starting together would each see the others down and campaign
     * as the lowest server up, and duel for seconds while the others start. So a node
     * campaigns only once it has heard of every peer, sees a majority that could vote,
     * and, in a first start, has either seen every peer up or seen no new one come up for
     * electionQuietTicks. Servers that restart into a cluster with a history (a promise of
     * theirs on disk, or a decision of theirs or of a peer) do not wait: the peers still
     * down are crashed, not starting, and waiting would only delay the next decision.
     */
    private boolean shouldCampaign() {
        if (peers.size() < config.clusterSize() - 1 || votersUp() < config.majority() || otherLeaderUp()) {
            return false;
        }
        knewLeader |= leader.mode() == Leader.Mode.ACTIVE;
        if (!knewLeader && firstStart() && seenUp.size() < config.clusterSize() - 1
                && ticksSinceNewPeer < config.electionQuietTicks()) {
            return false;
        }
        for (int n = 0; n < config.node(); n++) {
            if (isCandidate(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Nothing decided anywhere this node heard of, and it came back with no promise of its
     * own: a first start. Ballots seen in this life do not count, or the first campaign of
     * a cluster still starting would lift the wait for every server that hears of it.
     */
    private boolean firstStart() {
        if (restoredPromise || replica.slotOut() > 0) {
            return false;
        }
        for (PeerStatus p : peers.values()) {
            if (p.decided() > 0) {
                return false;
            }
        }
        return true;
    }

    private Step drain() {
        if (!crashed && out.bombExploded()) {
            crashed = true;
        }
        return out.drain(crashed);
    }
}
