package paxoschat.paxos.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import paxoschat.chatlog.ListColdStore;
import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Durability;
import paxoschat.paxos.Command;
import paxoschat.paxos.Envelope;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosConfig;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.PeerStatus;
import paxoschat.paxos.RequestKey;
import paxoschat.paxos.Snapshot;
import paxoschat.paxos.Step;

/**
 * A whole cluster of protocol cores in one thread, driven by a seeded random schedule:
 * messages are delivered in random order, lost, duplicated and delayed; servers crash
 * (losing everything), restart without acceptor state, pause and resume; leaders' time
 * bombs go off; clients retransmit. {@link Invariants} are checked after every step. The
 * same seed replays the same run.
 *
 * <p>As in the product, a cluster keeps its state either on disk or in memory: even seeds
 * run disk mode (crashes keep the disk, servers write snapshots and compact), odd seeds
 * memory mode (crashes lose everything; servers compact too, and one that restarts recovers
 * from peers that dropped the votes of slots they decided).
 *
 * <p>Disk mode models the release order of server/NodeRunner: a step's records go to an
 * unsynced buffer; the messages {@link Durability} lets go early enter the network at once,
 * the others are held until that server's next sync, a step of the schedule of its own. A
 * crash keeps the disk and some prefix of the unsynced records (a write may have reached
 * the disk without its fsync) and loses the rest with every held message, while what left
 * early may still be delivered. A vote counts as cast once its record is on the disk.
 */
final class Simulation {

    record Options(int servers, int clients, int messagesPerClient, int chaosSteps, double loss,
                   double duplication, double crashRate, boolean naiveRejoin, Release release) {
    }

    /** When disk mode lets a step's messages go, relative to the sync of its records. */
    enum Release {
        /** The product's rule, {@link Durability#waitsForSync}. */
        PRODUCT,
        /** Unsafe, for the test that shows the checker fails: a leader counts its own vote at once. */
        OWN_VOTE_AT_ONCE;

        boolean waits(int self, Envelope e) {
            if (this == OWN_VOTE_AT_ONCE && e.to() == self) {
                return false;
            }
            return Durability.waitsForSync(self, e);
        }
    }

    private record InFlight(Envelope envelope, long sentAt) {
    }

    private static final boolean TRACE = Boolean.getBoolean("sim.trace");
    /** How many snapshot transfers all runs delivered, to show the schedules reach them. */
    static final java.util.concurrent.atomic.AtomicLong SNAPSHOTS_DELIVERED = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Crashes that lost unsynced records of a server that had sent messages since its last
     * sync: the case the release order must survive, counted to show the schedules reach it.
     */
    static final java.util.concurrent.atomic.AtomicLong CRASHES_LOSING_SENT_RECORDS =
            new java.util.concurrent.atomic.AtomicLong();

    private final Options options;
    private final Random random;
    /** Apart from random, so that the schedules of a seed stay what they were. */
    private final Random logSizes;
    private final PaxosConfig template;
    private final PaxosNode[] nodes;
    private final boolean[] paused;
    /** Servers whose time bomb is armed: they will be lost, so count them as lost already. */
    private final boolean[] doomed;
    /** Each server's stable storage, and whether it is down with its storage intact. */
    private final List<List<DurableRecord>> disks = new ArrayList<>();
    /** Disk mode: each server's records not yet synced, and messages waiting for that sync. */
    private final List<List<DurableRecord>> unsynced = new ArrayList<>();
    private final List<List<Envelope>> held = new ArrayList<>();
    /** Disk mode: whether a server let a message go early since its last sync. */
    private final boolean[] sentSinceSync;
    private final boolean[] durableDown;
    private final List<List<ChatEntry>> seenLogs = new ArrayList<>();
    private final List<InFlight> network = new ArrayList<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final Invariants invariants;
    private long now;
    /** Disk mode (crashes keep the disk, compaction) or memory mode (amnesia, none). */
    private final boolean durable;
    private long steps;
    private boolean chaos = true;

    Simulation(long seed, Options options) {
        this.options = options;
        this.durable = seed % 2 == 0;
        this.random = new Random(seed);
        this.logSizes = new Random(~seed);
        this.template = new PaxosConfig(0, options.servers(), 1 + random.nextInt(8), 1 + random.nextInt(4),
                2 + random.nextInt(3), 12, 12, 1 + random.nextInt(5), 1 + random.nextInt(4), 10);
        this.nodes = new PaxosNode[options.servers()];
        this.paused = new boolean[options.servers()];
        this.doomed = new boolean[options.servers()];
        this.durableDown = new boolean[options.servers()];
        this.sentSinceSync = new boolean[options.servers()];
        this.invariants = new Invariants(options.servers());
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new PaxosNode(configFor(i), false, newLog());
            seenLogs.add(List.of());
            disks.add(new ArrayList<>());
            unsynced.add(new ArrayList<>());
            held.add(new ArrayList<>());
        }
        for (int c = 0; c < options.clients(); c++) {
            clients.add(new SimClient("c" + c, options.messagesPerClient()));
        }
    }

    private PaxosConfig configFor(int node) {
        return new PaxosConfig(node, template.clusterSize(), template.window(), template.maxBatch(),
                template.resendTicks(), template.scoutLifetimeTicks(), template.recoveryDelayTicks(),
                template.catchUpChunk(), template.catchUpChunks(), template.electionQuietTicks());
    }

    /** Runs the chaos phase, then heals every fault and demands that everything is decided. */
    void run() {
        for (int i = 0; i < options.chaosSteps(); i++) {
            step();
        }
        chaos = false;
        for (int i = 0; i < nodes.length; i++) {
            paused[i] = false;
            if (nodes[i].isCrashed()) {
                restart(i);
            }
        }
        long limit = steps + 40_000;
        while (!settled()) {
            if (steps > limit) {
                throw new Invariants.Violation("no progress after faults healed: " + describe());
            }
            step();
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i].isCrashed()) {
                    restart(i); // a time bomb armed before the healing went off
                }
            }
        }
        invariants.allSentLogged();
    }

    private boolean settled() {
        if (clients.stream().anyMatch(c -> !c.done())) {
            return false;
        }
        for (PaxosNode node : nodes) {
            if (!node.isReady() || node.log().size() != invariants.canonicalLength()) {
                return false;
            }
        }
        return true;
    }

    private void step() {
        steps++;
        double r = random.nextDouble();
        if (durable && r < 0.2) {
            // The flusher of a random server syncs (if it has anything to sync).
            int i = random.nextInt(nodes.length);
            if (isUp(i)) {
                sync(i);
            }
        } else if (!network.isEmpty() && r < 0.85) {
            deliver(takeRandom());
        } else if (r < 0.95 || !chaos) {
            tickAll();
        } else {
            fault();
        }
        clients.forEach(c -> c.poll(this));
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].isCrashed()) {
                continue;
            }
            List<ChatEntry> log = nodes[i].log();
            invariants.log(i, seenLogs.get(i), log);
            seenLogs.set(i, List.copyOf(log));
        }
    }

    /** Removes a random in-flight message in O(1): order does not matter in a bag. */
    private InFlight takeRandom() {
        int i = random.nextInt(network.size());
        InFlight last = network.remove(network.size() - 1);
        if (i == network.size()) {
            return last;
        }
        return network.set(i, last);
    }

    private void deliver(InFlight f) {
        boolean local = f.envelope().to() == f.envelope().message().from();
        if (!local && chaos && random.nextDouble() < options.duplication()) {
            network.add(f);
        }
        if (!local && chaos && random.nextDouble() < options.loss()) {
            return;
        }
        // The transport drops messages older than the scouts' lifetime (see Recovery).
        if (now - f.sentAt() > template.scoutLifetimeTicks()) {
            return;
        }
        Envelope e = f.envelope();
        if (!isUp(e.to())) {
            return;
        }
        Message m = e.message();
        if (m instanceof Message.SnapshotReply) {
            SNAPSHOTS_DELIVERED.incrementAndGet();
        }
        if (m instanceof Message.Decision d) {
            invariants.decision(d.slot(), d.value());
        } else if (m instanceof Message.Chosen c) {
            // The receiver takes the value from its own vote; the replicas' logs, checked
            // after every step, show whether it took the right one.
            invariants.chosen(c.slot());
        } else if (m instanceof Message.CatchUpReply c) {
            for (int i = 0; i < c.values().size(); i++) {
                invariants.decision(c.fromSlot() + i, c.values().get(i));
            }
        }
        Step step = nodes[e.to()].receive(m);
        if (TRACE) {
            System.out.println("t=" + now + " " + f.envelope().message().from() + "->" + e.to() + " " + m
                    + " => " + step.messages());
        }
        if (m instanceof Message.P2a a && !durable) {
            // In disk mode a vote counts once its record is on the disk (see sync).
            for (Envelope out : step.messages()) {
                if (out.message() instanceof Message.P2b b && b.accepted() && b.ballot().equals(a.ballot())) {
                    invariants.vote(e.to(), a.ballot(), a.slot(), a.value());
                }
            }
        }
        handle(e.to(), step);
    }

    private void tickAll() {
        now++;
        // Expired messages would be dropped on delivery anyway; dropping them now keeps the
        // bag small so that live messages keep getting picked.
        network.removeIf(f -> now - f.sentAt() > template.scoutLifetimeTicks());
        for (int i = 0; i < nodes.length; i++) {
            if (!isUp(i)) {
                continue;
            }
            for (int j = 0; j < nodes.length; j++) {
                // Heartbeats arrive late or not at all at times; they only steer liveness.
                if (j != i && (!chaos || random.nextDouble() < 0.7)) {
                    PeerStatus s = isUp(j) ? nodes[j].status() : PeerStatus.down(j);
                    handle(i, nodes[i].observe(s));
                }
            }
            handle(i, nodes[i].tick());
        }
    }

    private void fault() {
        int i = random.nextInt(nodes.length);
        double r = random.nextDouble();
        if (r < options.crashRate()) {
            if (nodes[i].isCrashed()) {
                restart(i);
            } else if (random.nextBoolean() && durable) {
                crashKeepingDisk(i);
            } else if (!durable && canLose(i)) {
                crash(i);
            }
        } else if (r < options.crashRate() * 1.5) {
            paused[i] = !paused[i];
        } else if (r < options.crashRate() * 1.65) {
            if (durable) {
                compact(i);
            } else if (isUp(i) && !nodes[i].isRecovering()) {
                // Memory mode compacts too (node/Compaction): nothing to write, it just forgets.
                nodes[i].compact(nodes[i].decided());
            }
        } else if (r < options.crashRate() * 1.8) {
            int leader = leaderIndex();
            if (leader >= 0 && canLose(leader)) {
                doomed[leader] = true;
                handle(leader, nodes[leader].armTimeBomb(random.nextInt(8)));
            }
        } else if (r < options.crashRate() * 2.4) {
            // What servers do every few decided slots (node/Compaction).
            if (isUp(i) && !nodes[i].isRecovering()) {
                nodes[i].forgetDecidedVotes();
            }
        }
    }

    /**
     * A server without durable state may only be lost while the others that still hold
     * their state form a majority: that is the course model's premise (SPEC §2).
     */
    private boolean canLose(int i) {
        int intact = 0;
        for (int j = 0; j < nodes.length; j++) {
            if (j != i && (durableDown[j] || !nodes[j].isCrashed()) && !nodes[j].isRecovering() && !doomed[j]) {
                intact++;
            }
        }
        return intact >= template.majority();
    }

    private void crash(int i) {
        if (TRACE) {
            System.out.println("t=" + now + " CRASH " + i);
        }
        nodes[i] = new PaxosNode(configFor(i), true, newLog());
        nodes[i].armTimeBomb(0);
        seenLogs.set(i, List.of());
        disks.get(i).clear();
        unsynced.get(i).clear();
        held.get(i).clear();
    }

    /**
     * Storage writes a snapshot and compacts: the disk then holds the snapshot, the votes
     * from its slot on and the promise, and the node forgets what the snapshot covers.
     */
    private void compact(int i) {
        if (!isUp(i) || nodes[i].isRecovering()) {
            return;
        }
        Snapshot snapshot = nodes[i].snapshot();
        // The snapshot's record follows every record written before it, so when it is
        // durable they are too: the product compacts only after that sync. What the sync
        // releases may write more; those records follow the snapshot's and stay unsynced.
        sync(i);
        DurableState state = new DurableState();
        disks.get(i).forEach(state::apply);
        state.install(snapshot);
        List<DurableRecord> disk = disks.get(i);
        disk.clear();
        disk.add(new DurableRecord.Promised(state.promised()));
        state.accepted().values().forEach(pv -> disk.add(new DurableRecord.Accepted(pv)));
        disk.add(new DurableRecord.Installed(snapshot));
        nodes[i].compact(snapshot.slot());
    }

    /** A crash of a server with durable storage: the process is gone, the disk is not. */
    private void crashKeepingDisk(int i) {
        if (TRACE) {
            System.out.println("t=" + now + " CRASH (disk kept) " + i);
        }
        nodes[i] = new PaxosNode(configFor(i), false, newLog());
        nodes[i].armTimeBomb(0);
        durableDown[i] = true;
        // Writes reach the disk in order; the fsync that would make them durable never ran,
        // but some prefix of them may have made it (the product cuts a torn tail at start).
        List<DurableRecord> pending = unsynced.get(i);
        int kept = random.nextInt(pending.size() + 1);
        if (kept < pending.size() && sentSinceSync[i]) {
            CRASHES_LOSING_SENT_RECORDS.incrementAndGet();
        }
        makeDurable(i, pending.subList(0, kept));
        pending.clear();
        held.get(i).clear();
        sentSinceSync[i] = false;
    }

    /**
     * The server's flusher syncs: every record written so far is durable, then the messages
     * that waited for it leave (a vote to itself is handled by the server, as in NodeRunner).
     */
    private void sync(int i) {
        List<DurableRecord> pending = unsynced.get(i);
        makeDurable(i, pending);
        pending.clear();
        sentSinceSync[i] = false;
        List<Envelope> release = new ArrayList<>(held.get(i));
        held.get(i).clear();
        for (Envelope e : release) {
            if (e.to() == i) {
                deliver(new InFlight(e, now));
            } else {
                network.add(new InFlight(e, now));
            }
        }
    }

    private void makeDurable(int i, List<DurableRecord> records) {
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Accepted a) {
                // A vote on the disk counts, whether or not its 2b ever left: a restarted
                // acceptor reports it in its 1b.
                invariants.vote(i, a.pvalue().ballot(), a.pvalue().slot(), a.pvalue().value());
            }
        }
        disks.get(i).addAll(records);
    }

    private void restart(int i) {
        if (TRACE) {
            System.out.println("t=" + now + " RESTART " + i);
        }
        doomed[i] = false;
        seenLogs.set(i, List.of());
        if (durableDown[i] || durable) {
            // In disk mode every crash, a time bomb's too, leaves the disk behind.
            durableDown[i] = false;
            unsynced.get(i).clear();
            held.get(i).clear();
            DurableState state = new DurableState();
            disks.get(i).forEach(state::apply);
            nodes[i] = PaxosNode.restored(configFor(i), state, newLog());
            return;
        }
        disks.get(i).clear();
        nodes[i] = new PaxosNode(configFor(i), !options.naiveRejoin(), newLog());
    }

    /**
     * A chat log whose older entries go to a cold store, as in disk mode, a few at a time,
     * so that snapshots, catch-up and restarts read across its two parts.
     */
    private ChatLog newLog() {
        return new SharedChatLog(new ListColdStore(), 1 + logSizes.nextInt(4));
    }

    private int leaderIndex() {
        for (int i = 0; i < nodes.length; i++) {
            if (isUp(i) && nodes[i].isLeading()) {
                return i;
            }
        }
        return -1;
    }

    private void handle(int node, Step step) {
        if (durable) {
            handleDurably(node, step);
            return;
        }
        // Memory mode: nothing to wait for (the disk only matters to naive rejoins).
        disks.get(node).addAll(step.writes());
        for (Envelope e : step.messages()) {
            if (e.to() == node) {
                // Messages to itself never cross the network: deliver them at once, still
                // through the same checks as any other delivery.
                deliver(new InFlight(e, now));
            } else {
                network.add(new InFlight(e, now));
            }
        }
    }

    /** Disk mode: records to the unsynced buffer, early messages out, the rest held. */
    private void handleDurably(int node, Step step) {
        unsynced.get(node).addAll(step.writes());
        for (Envelope e : step.messages()) {
            if (options.release().waits(node, e)) {
                held.get(node).add(e);
            } else if (e.to() == node) {
                deliver(new InFlight(e, now));
            } else {
                sentSinceSync[node] = true;
                network.add(new InFlight(e, now));
            }
        }
        if (step.crashed()) {
            // NodeRunner halts a time-bombed server from the release that follows the sync.
            sync(node);
        }
    }

    boolean isUp(int i) {
        return !nodes[i].isCrashed() && !paused[i];
    }

    /** A client submits to a server of the simulation's choosing. */
    int submit(Command command, int preferred) {
        invariants.sent(command);
        int target = preferred;
        for (int tries = 0; tries < nodes.length && !(isUp(target) && nodes[target].isReady()); tries++) {
            target = (target + 1) % nodes.length;
        }
        if (isUp(target) && nodes[target].isReady()) {
            handle(target, nodes[target].submit(command));
            return target;
        }
        return -1;
    }

    /** The seq the server answers the client with, once it performed the command. */
    Long answer(int server, RequestKey key) {
        if (server < 0 || !isUp(server)) {
            return null;
        }
        Long seq = nodes[server].seqOf(key).orElse(null);
        if (seq != null) {
            invariants.acked(key, seq);
        }
        return seq;
    }

    Random random() {
        return random;
    }

    long now() {
        return now;
    }

    int servers() {
        return nodes.length;
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            b.append("\n  node ").append(i).append(": up=").append(isUp(i)).append(" ready=")
                    .append(nodes[i].isReady()).append(" leading=").append(nodes[i].isLeading())
                    .append(" ballot=").append(nodes[i].ballot()).append(" decided=").append(nodes[i].decided())
                    .append(" log=").append(nodes[i].log().size()).append("\n    ").append(nodes[i]);
        }
        clients.forEach(c -> b.append("\n  ").append(c));
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        network.forEach(f -> kinds.merge(f.envelope().message().getClass().getSimpleName() + "->" + f.envelope().to()
                + (now - f.sentAt() > template.scoutLifetimeTicks() ? " stale" : ""), 1, Integer::sum));
        return b.append("\n  in flight: ").append(network.size()).append(" ").append(kinds).toString();
    }

    Map<String, Long> stats() {
        Map<String, Long> s = new HashMap<>();
        s.put("steps", steps);
        s.put("chosen", (long) invariants.chosenSlots());
        s.put("logged", (long) invariants.canonicalLength());
        return s;
    }
}
