package paxoschat.paxos;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * PMMC's leader with its scouts and commanders. Unlike PMMC's replicas, which pick slots
 * themselves, replicas here hand requests to the leader and the leader assigns slots: it
 * keeps up to {@code window} slots in phase 2 and batches whatever waits into the next free
 * one. At most one scout and one commander per slot exist at a time, so they are plain
 * state here rather than processes.
 */
final class Leader {

    /**
     * The most holes a new leader fills with no-ops at once. A live cluster has a few holes
     * past its decided prefix (at most about window); a vote or decision far beyond it can
     * only be forged or corrupt, and must not make the leader propose without bound.
     */
    static final long MAX_NOOP_FILL = 1 << 16;
    /** The most bytes of commands one slot holds (but one command): see CommandRules.bytesOf. */
    static final long MAX_BATCH_BYTES = 1L << 20;

    enum Mode { IDLE, SCOUTING, ACTIVE }

    private final PaxosConfig config;
    private final Replica replica;
    private Mode mode = Mode.IDLE;
    private Ballot ballot;
    private Scout scout;
    /** This ballot's proposals for slots not yet decided. */
    private final TreeMap<Long, Batch> proposals = new TreeMap<>();
    private final Set<RequestKey> proposed = new HashSet<>();
    private final Map<Long, Commander> commanders = new HashMap<>();
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private final Set<RequestKey> queued = new HashSet<>();
    private long slotIn;
    /** Set when a leading leader is preempted; the node reads and clears it. */
    private Ballot preemptedBy;
    /** The highest slot a commander of this ballot got chosen, -1 before any (see readFence). */
    private long chosenHigh = -1;
    /** A read fence waits for a proposal of this ballot in a fresh slot: flush makes one. */
    private boolean freshWanted;
    /** 1a and 2a messages sent again because they were not answered in time. */
    private long resent;
    /** Phase 1s this node began: one per ballot of its own. */
    private long campaigns;

    Leader(PaxosConfig config, Replica replica) {
        this.config = config;
        this.replica = replica;
        this.ballot = new Ballot(0, config.node());
    }

    Mode mode() {
        return mode;
    }

    Ballot ballot() {
        return ballot;
    }

    boolean isIdle() {
        return mode == Mode.IDLE;
    }

    /** Starts phase 1 with a ballot above {@code seen}, the highest ballot this node knows. */
    void campaign(Ballot seen, Outbox out) {
        ballot = Ballot.max(ballot, seen).next(config.node());
        campaigns++;
        mode = Mode.SCOUTING;
        commanders.clear();
        chosenHigh = -1;
        freshWanted = false;
        scout = new Scout(ballot, replica.slotOut(), config.resendTicks());
        out.broadcast(new Message.P1a(config.node(), ballot, scout.fromSlot));
    }

    /** Takes a request to order; returns false if this node is not leading. */
    boolean onRequest(Command command, Outbox out) {
        if (mode == Mode.IDLE) {
            return false;
        }
        RequestKey key = command.key();
        if (replica.isPerformed(key) || proposed.contains(key) || !queued.add(key)) {
            return true;
        }
        queue.add(command);
        flush(out);
        return true;
    }

    void onP1b(Message.P1b m, Outbox out) {
        if (mode != Mode.SCOUTING || scout == null) {
            return;
        }
        if (m.ballot().equals(scout.ballot)) {
            scout.promise(m);
            if (scout.promised.size() >= config.majority()) {
                adopted(out);
            }
        } else if (m.ballot().greaterThan(scout.ballot)) {
            preempted(m.ballot());
        }
    }

    void onP2b(Message.P2b m, Outbox out) {
        Commander commander = commanders.get(m.slot());
        if (mode != Mode.ACTIVE || commander == null) {
            return;
        }
        if (m.accepted() && m.ballot().equals(ballot)) {
            commander.acks.add(m.from());
            if (commander.acks.size() >= config.majority()) {
                commanders.remove(m.slot());
                chosenHigh = Math.max(chosenHigh, m.slot());
                Message decision = new Message.Decision(config.node(), m.slot(), commander.value);
                Message chosen = new Message.Chosen(config.node(), ballot, m.slot());
                for (int to = 0; to < config.clusterSize(); to++) {
                    // Those that voted for the value hold it; the others get it in full.
                    out.send(to, to != config.node() && commander.acks.contains(to) ? chosen : decision);
                }
            }
        } else if (m.ballot().greaterThan(ballot)) {
            preempted(m.ballot());
        }
    }

    /**
     * The local replica learned that {@code value} was chosen for {@code slot}. If that is
     * not what this leader proposed there, the commands it proposed go back in the queue.
     */
    void onDecided(long slot, Batch value, Outbox out) {
        Batch mine = proposals.remove(slot);
        commanders.remove(slot);
        if (mine != null) {
            for (Command c : mine.commands()) {
                proposed.remove(c.key());
            }
            if (!mine.equals(value) && mode != Mode.IDLE) {
                // value is null for a slot a snapshot jumped over: requeue, since the
                // replica drops what it performed anyway.
                for (Command c : mine.commands()) {
                    if (!replica.isPerformed(c.key()) && queued.add(c.key())) {
                        queue.add(c);
                    }
                }
            }
        }
        if (mode == Mode.ACTIVE) {
            flush(out);
        }
    }

    /**
     * The replica jumped from {@code from} to {@code to} (a snapshot): the slots between are
     * decided, with values it does not know. Costs what this leader proposed there, not
     * the width of the jump, which a peer names.
     */
    void onSkipped(long from, long to, Outbox out) {
        for (long slot : new java.util.ArrayList<>(proposals.subMap(from, to).keySet())) {
            onDecided(slot, null, out);
        }
        commanders.keySet().removeIf(slot -> slot >= from && slot < to);
        if (mode == Mode.ACTIVE) {
            flush(out);
        }
    }

    /** A higher ballot exists: stop leading until the node decides to campaign again. */
    void preempted(Ballot higher) {
        if (!higher.greaterThan(ballot)) {
            return;
        }
        if (mode != Mode.IDLE) {
            preemptedBy = higher;
        }
        mode = Mode.IDLE;
        scout = null;
        commanders.clear();
        queue.clear();
        queued.clear();
        freshWanted = false;
        ballot = new Ballot(higher.round(), config.node());
    }

    /** The ballot that preempted this leader since the last call, or null. */
    Ballot takePreemption() {
        Ballot b = preemptedBy;
        preemptedBy = null;
        return b;
    }

    void tick(Outbox out) {
        if (mode == Mode.SCOUTING && scout != null) {
            boolean resend = scout.resends.tick();
            if (scout.resends.age() >= config.scoutLifetimeTicks()) {
                // A ballot's phase 1 is confined to the scout's lifetime: see Recovery.
                campaign(ballot, out);
            } else if (resend) {
                for (int to = 0; to < config.clusterSize(); to++) {
                    if (!scout.promised.contains(to)) {
                        out.send(to, new Message.P1a(config.node(), ballot, scout.fromSlot));
                        resent++;
                    }
                }
            }
        } else if (mode == Mode.ACTIVE) {
            for (Map.Entry<Long, Commander> e : commanders.entrySet()) {
                Commander c = e.getValue();
                if (c.resends.tick()) {
                    for (int to = 0; to < config.clusterSize(); to++) {
                        if (!c.acks.contains(to)) {
                            out.send(to, new Message.P2a(config.node(), ballot, e.getKey(), c.value));
                            resent++;
                        }
                    }
                }
            }
        }
    }

    /** 1a and 2a messages resent so far (to itself included): a metric. */
    long resent() {
        return resent;
    }

    /** Ballots of its own this node campaigned with so far: a metric. */
    long campaigns() {
        return campaigns;
    }

    /**
     * Where a read fence of this ballot starts: every slot this leader proposes from now on is
     * at or above it (slotIn only grows, and adopted() set it above every slot its phase 1
     * learned). -1 unless active.
     */
    long freshSlot() {
        return mode == Mode.ACTIVE ? slotIn : -1;
    }

    /** The highest slot a commander of this ballot got chosen, -1 before any. */
    long chosenHigh() {
        return chosenHigh;
    }

    /**
     * Makes sure a slot at or above {@link #freshSlot()} is proposed soon: with the next
     * batch of requests if any wait, else with a no-op as soon as the window has room.
     */
    void wantFresh(Outbox out) {
        if (mode == Mode.ACTIVE) {
            freshWanted = true;
            flush(out);
        }
    }

    @Override
    public String toString() {
        return "leader " + mode + " " + ballot + " proposals=" + proposals.keySet() + " commanders="
                + commanders.keySet() + " queued=" + queued.size() + " proposed=" + proposed + " slotIn=" + slotIn;
    }

    private void adopted(Outbox out) {
        // Slots a promiser has decided need no proposal: this replica catches them up. That
        // is also what makes compaction safe: an acceptor only drops votes below its own
        // replica's decided prefix, which its promise reports.
        long from = Math.max(replica.slotOut(), scout.decidedFloor);
        proposals.headMap(from).clear();
        for (PValue pv : scout.pmax.values()) {
            if (pv.slot() >= from && !replica.hasDecision(pv.slot())) {
                Batch old = proposals.put(pv.slot(), pv.value());
                if (old != null && !old.equals(pv.value())) {
                    old.commands().forEach(c -> requeue(c));
                }
            }
        }
        long last = Math.max(proposals.isEmpty() ? from - 1 : proposals.lastKey(), replica.highestKnownSlot());
        // Holes get no-ops up to MAX_NOOP_FILL slots on, however far a peer's vote or decision
        // names a slot. Holes beyond are left to new requests (nextFreeSlot), which is as safe:
        // no promiser reported a vote there, so this ballot may propose anything in them.
        last = Math.min(last, from + MAX_NOOP_FILL - 1);
        for (long s = from; s <= last; s++) {
            if (!proposals.containsKey(s) && !replica.hasDecision(s)) {
                proposals.put(s, Batch.NOOP);
            }
        }
        proposed.clear();
        proposals.values().forEach(b -> b.commands().forEach(c -> proposed.add(c.key())));
        slotIn = last + 1;
        scout = null;
        mode = Mode.ACTIVE;
        commanders.clear();
        for (Map.Entry<Long, Batch> e : proposals.entrySet()) {
            startCommander(e.getKey(), e.getValue(), out);
        }
        flush(out);
    }

    private void requeue(Command c) {
        proposed.remove(c.key());
        if (!replica.isPerformed(c.key()) && queued.add(c.key())) {
            queue.add(c);
        }
    }

    private void flush(Outbox out) {
        while (mode == Mode.ACTIVE && commanders.size() < config.window() && !queue.isEmpty()) {
            List<Command> batch = new java.util.ArrayList<>();
            long bytes = 0;
            // Bounded in bytes too, so that no 2a or decision grows with the texts it holds.
            while (batch.size() < config.maxBatch() && !queue.isEmpty()
                    && (batch.isEmpty() || bytes + CommandRules.bytesOf(queue.peek()) <= MAX_BATCH_BYTES)) {
                Command c = queue.poll();
                bytes += CommandRules.bytesOf(c);
                queued.remove(c.key());
                if (!replica.isPerformed(c.key()) && proposed.add(c.key())) {
                    batch.add(c);
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            long slot = nextFreeSlot();
            Batch value = new Batch(batch);
            proposals.put(slot, value);
            startCommander(slot, value, out);
            freshWanted = false;
        }
        if (freshWanted && mode == Mode.ACTIVE && commanders.size() < config.window()) {
            // No request to carry it: a no-op takes no place in the chat log.
            freshWanted = false;
            long slot = nextFreeSlot();
            proposals.put(slot, Batch.NOOP);
            startCommander(slot, Batch.NOOP, out);
        }
    }

    private long nextFreeSlot() {
        slotIn = Math.max(slotIn, replica.slotOut());
        while (proposals.containsKey(slotIn) || replica.hasDecision(slotIn)) {
            slotIn++;
        }
        return slotIn++;
    }

    private void startCommander(long slot, Batch value, Outbox out) {
        commanders.put(slot, new Commander(value, config.resendTicks()));
        out.broadcast(new Message.P2a(config.node(), ballot, slot, value));
    }

    /** Phase 1 of one ballot: promises so far and the highest-ballot pvalue per slot. */
    private static final class Scout {
        final Ballot ballot;
        final long fromSlot;
        final Set<Integer> promised = new HashSet<>();
        final Map<Long, PValue> pmax = new HashMap<>();
        long decidedFloor;
        final Resends resends;

        Scout(Ballot ballot, long fromSlot, int resendTicks) {
            this.ballot = ballot;
            this.fromSlot = fromSlot;
            this.resends = new Resends(resendTicks);
        }

        void promise(Message.P1b m) {
            if (promised.add(m.from())) {
                PValues.mergeInto(pmax, m.accepted());
                decidedFloor = Math.max(decidedFloor, m.decided());
            }
        }
    }

    /** Phase 2 of one slot: which acceptors accepted it. */
    private static final class Commander {
        final Batch value;
        final Set<Integer> acks = new HashSet<>();
        final Resends resends;

        Commander(Batch value, int resendTicks) {
            this.value = value;
            this.resends = new Resends(resendTicks);
        }
    }
}
