package paxoschat.paxos.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
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
 * memory mode (crashes lose everything, nobody compacts). Mixing both in one cluster lets a
 * server recover from peers whose votes compaction dropped, which the product never does.
 */
final class Simulation {

    record Options(int servers, int clients, int messagesPerClient, int chaosSteps, double loss,
                   double duplication, double crashRate, boolean naiveRejoin) {
    }

    private record InFlight(Envelope envelope, long sentAt) {
    }

    private static final boolean TRACE = Boolean.getBoolean("sim.trace");
    /** How many snapshot transfers all runs delivered, to show the schedules reach them. */
    static final java.util.concurrent.atomic.AtomicLong SNAPSHOTS_DELIVERED = new java.util.concurrent.atomic.AtomicLong();

    private final Options options;
    private final Random random;
    private final PaxosConfig template;
    private final PaxosNode[] nodes;
    private final boolean[] paused;
    /** Servers whose time bomb is armed: they will be lost, so count them as lost already. */
    private final boolean[] doomed;
    /** Each server's stable storage, and whether it is down with its storage intact. */
    private final List<List<DurableRecord>> disks = new ArrayList<>();
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
        this.template = new PaxosConfig(0, options.servers(), 1 + random.nextInt(8), 1 + random.nextInt(4),
                2 + random.nextInt(3), 12, 12, 1 + random.nextInt(5), 1 + random.nextInt(4), 10);
        this.nodes = new PaxosNode[options.servers()];
        this.paused = new boolean[options.servers()];
        this.doomed = new boolean[options.servers()];
        this.durableDown = new boolean[options.servers()];
        this.invariants = new Invariants(options.servers());
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new PaxosNode(configFor(i), false);
            seenLogs.add(List.of());
            disks.add(new ArrayList<>());
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
        if (!network.isEmpty() && r < 0.85) {
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
        if (m instanceof Message.P2a a) {
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
            }
        } else if (r < options.crashRate() * 1.8) {
            int leader = leaderIndex();
            if (leader >= 0 && canLose(leader)) {
                doomed[leader] = true;
                handle(leader, nodes[leader].armTimeBomb(random.nextInt(8)));
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
        nodes[i] = new PaxosNode(configFor(i), true);
        nodes[i].armTimeBomb(0);
        seenLogs.set(i, List.of());
        disks.get(i).clear();
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
        nodes[i] = new PaxosNode(configFor(i), false);
        nodes[i].armTimeBomb(0);
        durableDown[i] = true;
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
            DurableState state = new DurableState();
            disks.get(i).forEach(state::apply);
            nodes[i] = PaxosNode.restored(configFor(i), state);
            return;
        }
        disks.get(i).clear();
        nodes[i] = new PaxosNode(configFor(i), !options.naiveRejoin());
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
        // Stable storage first, then the messages that depend on it.
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
