package paxoschat.paxos;

import java.util.List;
import java.util.Optional;

/**
 * One server's protocol core: its replica, acceptor and leader (with scouts and
 * commanders), plus the recovery of a server that restarted without its acceptor state.
 * It dispatches each input to them; who campaigns is {@link Election}'s policy, learning
 * missed decisions {@link CatchUp}'s, and the recovery {@link Recovery}'s.
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
    private final PeerViews peers;
    private final Election election;
    private final CatchUp catchUp;
    private Recovery recovery;
    private Ballot highestSeen = Ballot.ZERO;
    private int resendAge;
    private int routedTo = -1;
    private boolean crashed;
    /** What the recovery quorum had decided: the replica must reach it to be ready. */
    private long readyTarget;

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
        this.peers = new PeerViews(config.node());
        this.election = new Election(config, peers, leader);
        this.catchUp = new CatchUp(config, replica, peers, new CatchUp.Decider() {
            @Override
            public void decide(long slot, Batch value) {
                PaxosNode.this.decide(slot, value);
            }

            @Override
            public void skipped(long from, long to) {
                leader.onSkipped(from, to, out);
            }
        });
        this.recovery = amnesiac ? new Recovery(config, peers::isRecovering, replica::slotOut) : null;
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
        node.election.restoredPromise(!state.promised().equals(Ballot.ZERO));
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
     * until a snapshot covers them, for catch-up. In disk mode storage still holds the votes
     * and a restart reads them back; a peer that recovers without state from this node's
     * promise learns the decided prefix instead of the votes (see {@link #recoveredFloor}).
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
                out.send(m.from(), acceptor.onP1a(config.node(), m, Math.max(replica.slotOut(), recoveredFloor), out));
            }
        } else if (message instanceof Message.P2a m) {
            see(m.ballot());
            if (recovery == null) {
                out.send(m.from(), acceptor.onP2a(config.node(), m, out));
            }
        } else if (message instanceof Message.P1b m) {
            see(m.ballot());
            catchUp.learned(m.from(), m.decided());
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
            catchUp.onRequest(m, out);
        } else if (message instanceof Message.SnapshotReply m) {
            catchUp.onSnapshotReply(m, out);
        } else if (message instanceof Message.CatchUpReply m) {
            catchUp.onReply(m, out);
        }
        return drain();
    }

    public Step tick() {
        if (crashed) {
            return drain();
        }
        election.tick();
        if (recovery != null) {
            if (recovery.tick(highestSeen, out)) {
                finishRecovery();
            }
        } else if (leader.isIdle()) {
            election.campaignIfDue(Ballot.max(highestSeen, acceptor.promised()), replica.slotOut(), out);
            routePendingIfLeaderChanged();
        }
        leader.tick(out);
        catchUp.tick(out);
        if (++resendAge >= config.resendTicks() * 2) {
            resendAge = 0;
            replica.pending().forEach(this::route);
        }
        return drain();
    }

    /** What the failure detector learned of a peer. */
    public Step observe(PeerStatus status) {
        if (crashed || !peers.record(status)) {
            return drain();
        }
        election.observed(status);
        if (status.up()) {
            see(status.ballot());
        }
        catchUp.observed(status, out);
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

    /** Leading, campaigning, or an incumbent waiting to resume (see Election.campaignIfDue). */
    public boolean isLeading() {
        return election.isLeading();
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
     * Why {@code key} would be refused if decided now (older than the exactly-once horizon,
     * see PerformedRequests), or null: a client can be told at once instead of after ordering.
     */
    public String refusal(RequestKey key) {
        return replica.refusal(key);
    }

    /**
     * The client of a pending request stopped waiting (its answer was 503): the replica
     * stops resending it, so pending requests do not pile up while nothing is decided. It
     * may still be decided from where it got to; a retry submits it again.
     */
    public void withdraw(RequestKey key) {
        replica.withdraw(key);
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
        return "node " + config.node() + " " + leader + " incumbent=" + election.incumbent() + " recovery=" + recovery
                + " slotOut=" + replica.slotOut() + " pending=" + replica.pending().size() + " " + catchUp
                + " peers=" + peers;
    }

    // ---- internals ---------------------------------------------------------------------

    /**
     * The decided prefix the recovery quorum reported. Its peers may have dropped their
     * votes below it (compaction drops the votes of decided slots, in memory mode too), so
     * the votes this node recovered may lack some there: its promises report the prefix as
     * decided, as theirs did, and no leader then proposes below it (Leader.adopted).
     * Without that, two servers that recovered this way could elect one of them before
     * either caught up and fill a decided slot anew (PaxosNodeTest).
     */
    private long recoveredFloor;

    private void finishRecovery() {
        recovery.install(acceptor, out);
        recoveredFloor = recovery.decidedTarget();
        readyTarget = Math.max(readyTarget, recovery.decidedTarget());
        see(recovery.ballot() == null ? Ballot.ZERO : recovery.ballot());
        recovery = null;
        catchUp.requestIfBehind(out);
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

    private int leaderTarget() {
        return election.leaderTarget(acceptor.promised());
    }

    private Step drain() {
        if (!crashed && out.bombExploded()) {
            crashed = true;
        }
        return out.drain(crashed);
    }
}
