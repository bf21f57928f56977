package paxoschat.paxos.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import paxoschat.chatlog.ListColdStore;
import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Durability;
import paxoschat.paxos.Envelope;
import paxoschat.paxos.PaxosConfig;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.PeerStatus;
import paxoschat.paxos.RequestKey;
import paxoschat.paxos.Snapshot;

/**
 * A whole cluster of protocol cores in one thread, in simulated time, driven by a seeded
 * random schedule of faults; {@link Invariants} are checked after every input a node
 * handles, and liveness at the end. The same seed replays the same run.
 *
 * <p>What it models, and why each is there (each is something the product meets and a
 * kinder model hid; see docs/jepsen.md, "The simulation"):
 * <ul>
 * <li><b>A node loop per server</b>, as paxoschat.node.NodeLoop runs it: one thread takes
 * inputs (messages, peer statuses, client commands, its own votes once durable) and its
 * periodic tick task in order of arrival, each input costs time, and the thread stalls now
 * and then (a GC pause, a starved core), so it falls behind its ticks and inputs queue.
 * Before each input it applies every tick its clock says is due (the rule the recovery
 * argument needs, paxos/Recovery.java; node/LateTicksTest shows the product keeps it).
 * <li><b>A clock per host</b> ({@link SimClock}) with its own offset and a rate that
 * wanders within the assumed bound; a node's ticks come from its host's clock.
 * <li><b>Paused servers</b> (SIGSTOP) keep what arrives and handle it when resumed, after
 * the ticks that fell due meanwhile; they answer no heartbeat while paused.
 * <li><b>A network</b> with random latency (so messages overtake each other), loss,
 * duplicates, rare very late deliveries and partitions; nothing drops a message for its age.
 * <li><b>Heartbeats</b> as the failure detector has them: each server polls each peer now
 * and then; a poll that meets a cut link, a crashed or paused peer or a lost packet reports
 * the peer down after a timeout; an answer is the peer's last published status (stale while
 * its node thread stalls) and reaches the poller's queue late.
 * <li><b>Crashes and restarts</b>: in memory mode (odd seeds) a crash loses everything and
 * the server restarts amnesiac; in disk mode (even seeds) the disk survives with some prefix
 * of its unsynced records, the servers snapshot, and messages wait for the sync of what they
 * reveal ({@link Durability}), as node/StepDispatcher releases them. Servers compact in both
 * modes, so one that restarts amnesiac recovers from peers that dropped the votes of slots
 * they decided. Time bombs go off; clients retransmit, with texts of every kind of Unicode.
 * <li><b>Timeouts drawn independently</b> within what the product's settings validation
 * allows: a scout's lifetime, and a recovery delay of at least
 * {@link PaxosConfig#minRecoveryDelayTicks} of it.
 * </ul>
 * After the chaos phase every fault heals (servers resumed and restarted, partitions
 * healed, loss and duplicates stopped) and every message sent must be decided, and every
 * server ready with the same log, within {@link #LIVENESS_BOUND_TICKS}.
 */
final class Simulation {

    /** True-time units per nominal tick. */
    static final long TICK = 1000;
    /**
     * After the last fault heals, every sent message is decided and every server ready and
     * caught up within this many nominal ticks (20 s at the product's 20 ms), or the seed
     * fails. What it may legitimately take adds up to a few hundred: a restarted server's
     * recovery delay (up to 3 scout lifetimes here), an election or two (a scout lifetime
     * each), a heartbeat timeout (up to 22 ticks) and a client's retry timeout (up to 80).
     */
    static final long LIVENESS_BOUND_TICKS = 1_000;

    /**
     * @param chaosTicks      nominal ticks of faults before everything heals
     * @param faultRate       faults per nominal tick, on average
     * @param healPartitions  false leaves the last partition in place after the heal, as the
     *                        Jepsen harness once did by accident (for the liveness check's test)
     */
    record Options(int servers, int clients, int messagesPerClient, long chaosTicks, double loss,
                   double duplication, double faultRate, boolean naiveRejoin, Release release,
                   boolean healPartitions) {

        Options withHealPartitions(boolean heal) {
            return new Options(servers, clients, messagesPerClient, chaosTicks, loss, duplication, faultRate,
                    naiveRejoin, release, heal);
        }
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

    static final boolean TRACE = Boolean.getBoolean("sim.trace");
    /** How many snapshot transfers all runs delivered, to show the schedules reach them. */
    static final AtomicLong SNAPSHOTS_DELIVERED = new AtomicLong();
    /**
     * Crashes that lost unsynced records of a server that had sent messages since its last
     * sync: the case the release order must survive, counted to show the schedules reach it.
     */
    static final AtomicLong CRASHES_LOSING_SENT_RECORDS = new AtomicLong();
    /** Inputs a node handled after waiting in its queue for longer than a scout lives. */
    static final AtomicLong LATE_INPUTS = new AtomicLong();

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }

    private final Options options;
    private final Random random;
    /** Apart from random, so that the schedules of a seed stay what they were. */
    private final Random logSizes;
    private final PaxosConfig template;
    private final SimServer[] servers;
    private final List<SimClient> clients = new ArrayList<>();
    private final Invariants invariants;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    /** Disk mode (crashes keep the disk, compaction) or memory mode (amnesia, none). */
    private final boolean durable;
    private final long latency;
    private final long pollEvery;
    private final long pollTimeout;
    private final long clientTimeout;
    /** How long the flusher may take to sync what was written (disk mode). */
    private final long syncDelay;
    private long now;
    private long healedAt;
    private long settledAt;
    private long seq;
    private boolean chaos = true;
    /** The side of the current partition, or null. */
    private boolean[] side;
    private long inputs;

    Simulation(long seed, Options options) {
        this.options = options;
        this.durable = seed % 2 == 0;
        this.random = new Random(seed);
        this.logSizes = new Random(~seed);
        int scoutLifetime = 3 + random.nextInt(28);
        int minDelay = PaxosConfig.minRecoveryDelayTicks(scoutLifetime);
        int recoveryDelay = minDelay + (random.nextBoolean() ? 0 : random.nextInt(2 * scoutLifetime + 1));
        this.template = new PaxosConfig(0, options.servers(), 1 + random.nextInt(8), 1 + random.nextInt(4),
                2 + random.nextInt(4), scoutLifetime, recoveryDelay, 1 + random.nextInt(5),
                1 + random.nextInt(4), 5 + random.nextInt(20));
        this.latency = TICK / 20 + random.nextInt((int) TICK * 2);
        this.pollEvery = TICK * (1 + random.nextInt(10));
        this.pollTimeout = TICK * (2 + random.nextInt(20));
        this.clientTimeout = TICK * (20 + random.nextInt(60));
        this.syncDelay = TICK / 10 + random.nextInt((int) TICK * 4);
        this.invariants = new Invariants(options.servers());
        this.servers = new SimServer[options.servers()];
        for (int i = 0; i < servers.length; i++) {
            servers[i] = new SimServer(this, i, new SimClock(random));
        }
        for (int i = 0; i < servers.length; i++) {
            servers[i].start(new PaxosNode(configFor(i), false, newLog()));
        }
        for (int c = 0; c < options.clients(); c++) {
            SimClient client = new SimClient("c" + c, options.messagesPerClient(), clientTimeout);
            clients.add(client);
            every(TICK + random.nextInt((int) TICK * 3), () -> client.poll(this));
        }
    }

    private PaxosConfig configFor(int node) {
        return new PaxosConfig(node, template.clusterSize(), template.window(), template.maxBatch(),
                template.resendTicks(), template.scoutLifetimeTicks(), template.recoveryDelayTicks(),
                template.catchUpChunk(), template.catchUpChunks(), template.electionQuietTicks());
    }

    // ---- the run -------------------------------------------------------------------------

    /** Runs the chaos phase, then heals every fault and demands that everything is decided in time. */
    void run() {
        long healAt = options.chaosTicks() * TICK;
        scheduleNextFault();
        while (!events.isEmpty() && events.peek().time() < healAt) {
            step();
        }
        now = Math.max(now, healAt);
        healedAt = now;
        heal();
        long deadline = now + LIVENESS_BOUND_TICKS * TICK;
        long nextCheck = now;
        while (true) {
            if (now >= nextCheck) {
                if (settled()) {
                    settledAt = now;
                    break;
                }
                nextCheck = now + 5 * TICK;
            }
            if (now > deadline || events.isEmpty()) {
                throw new Invariants.Violation("liveness: not every sent message decided and every server caught up"
                        + " within " + LIVENESS_BOUND_TICKS + " ticks after the last fault healed:" + describe());
            }
            step();
        }
        invariants.allSentLogged();
    }

    private void step() {
        Event e = events.poll();
        now = e.time();
        e.action().run();
    }

    void at(long time, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, action));
    }

    /** Runs {@code action} now and then, about every {@code period}. */
    private void every(long period, Runnable action) {
        at(now + random.nextLong(period) + 1, () -> {
            action.run();
            every(period, action);
        });
    }

    private void heal() {
        chaos = false;
        if (options.healPartitions()) {
            side = null;
        }
        for (SimServer s : servers) {
            s.stalledUntil = Math.min(s.stalledUntil, now);
            if (s.paused) {
                s.resume();
            }
            if (s.dead()) {
                restart(s);
            }
        }
    }

    private boolean settled() {
        if (clients.stream().anyMatch(c -> !c.done())) {
            return false;
        }
        for (SimServer s : servers) {
            if (s.dead() && !chaos) {
                restart(s); // a time bomb armed before the heal went off
                return false;
            }
            if (!s.up() || !s.core.isReady() || s.core.log().size() != invariants.canonicalLength()) {
                return false;
            }
        }
        return true;
    }

    // ---- faults ----------------------------------------------------------------------------

    private void scheduleNextFault() {
        long gap = (long) (TICK / options.faultRate() * (0.2 + random.nextDouble() * 1.6));
        at(now + Math.max(1, gap), () -> {
            if (chaos) {
                fault();
                scheduleNextFault();
            }
        });
    }

    private void fault() {
        SimServer s = servers[random.nextInt(servers.length)];
        int kind = random.nextInt(100);
        if (kind < 16) {
            if (s.dead()) {
                restart(s);
            } else if (durable) {
                crashKeepingDisk(s);
            } else if (canLose(s)) {
                crash(s);
            }
        } else if (kind < 26) {
            if (s.dead()) {
                restart(s);
            }
        } else if (kind < 38) {
            if (s.paused) {
                s.resume();
            } else if (!s.dead()) {
                s.paused = true;
                trace("PAUSE " + s.id);
            }
        } else if (kind < 50) {
            // The node thread stalls (a GC pause, a starved core) while the process runs on.
            s.stalledUntil = Math.max(s.stalledUntil, now + TICK * (1 + random.nextInt(3 * template.scoutLifetimeTicks())));
        } else if (kind < 58) {
            side = new boolean[servers.length];
            for (int i = 0; i < servers.length; i++) {
                side[i] = random.nextBoolean();
            }
            trace("PARTITION " + java.util.Arrays.toString(side));
        } else if (kind < 64) {
            side = null;
        } else if (kind < 68) {
            SimServer leader = leader();
            if (leader != null && canLose(leader)) {
                leader.doomed = true;
                leader.handle(leader.core.armTimeBomb(random.nextInt(8)));
            }
        } else if (kind < 74) {
            if (durable) {
                compact(s);
            } else if (s.up() && !s.core.isRecovering()) {
                // Memory mode compacts too (node/Compaction): nothing to write, it just forgets.
                s.core.compact(s.core.decided());
            }
        } else if (kind < 82) {
            // What servers do every few decided slots (node/Compaction), in both modes.
            if (s.up() && !s.core.isRecovering()) {
                s.core.forgetDecidedVotes();
            }
        } else {
            s.clock.wander(now, random);
        }
    }

    /**
     * A server without durable state may only be lost while the others that still hold
     * their state form a majority: that is the course model's premise (SPEC §2). A server
     * restarted amnesiac holds the log again only once it is ready (recovered and caught up
     * to what its recovery quorum had decided), not when its recovery ends: it votes from
     * then on, but the decided entries it still lacks may live on one other server alone,
     * since its peers compact the votes of decided slots, and losing that server loses them
     * under any protocol. The Jepsen nemesis waits for readiness the same way.
     */
    private boolean canLose(SimServer s) {
        int intact = 0;
        for (SimServer o : servers) {
            if (o != s && (o.durableDown || (!o.dead() && o.core.isReady())) && !o.doomed) {
                intact++;
            }
        }
        return intact >= template.majority();
    }

    private SimServer leader() {
        for (SimServer s : servers) {
            if (s.up() && s.core.isLeading()) {
                return s;
            }
        }
        return null;
    }

    /** Memory mode: the process and everything it held are gone. */
    private void crash(SimServer s) {
        trace("CRASH " + s.id);
        s.kill();
        s.disk.clear();
    }

    /** A crash of a server with durable storage: the process is gone, the disk is not. */
    private void crashKeepingDisk(SimServer s) {
        trace("CRASH (disk kept) " + s.id);
        // Writes reach the disk in order; the fsync that would make them durable never ran,
        // but some prefix of them may have made it (the product cuts a torn tail at start).
        int kept = random.nextInt(s.unsynced.size() + 1);
        if (kept < s.unsynced.size() && s.sentSinceSync) {
            CRASHES_LOSING_SENT_RECORDS.incrementAndGet();
        }
        s.makeDurable(s.unsynced.subList(0, kept));
        s.kill();
        s.durableDown = true;
    }

    private void restart(SimServer s) {
        trace("RESTART " + s.id);
        s.doomed = false;
        if (s.durableDown || durable) {
            // In disk mode every crash, a time bomb's too, leaves the disk behind.
            s.durableDown = false;
            DurableState state = new DurableState();
            s.disk.forEach(state::apply);
            s.start(PaxosNode.restored(configFor(s.id), state, newLog()));
            return;
        }
        s.disk.clear();
        s.start(new PaxosNode(configFor(s.id), !options.naiveRejoin(), newLog()));
    }

    /**
     * Storage writes a snapshot and compacts: the disk then holds the snapshot, the votes
     * from its slot on and the promise, and the node forgets what the snapshot covers.
     */
    private void compact(SimServer s) {
        if (!s.up() || s.core.isRecovering()) {
            return;
        }
        Snapshot snapshot = s.core.snapshot();
        // The snapshot's record follows every record written before it, so when it is
        // durable they are too: the product compacts only after that sync. What the sync
        // releases may write more; those records follow the snapshot's and stay unsynced.
        s.sync();
        DurableState state = new DurableState();
        s.disk.forEach(state::apply);
        state.install(snapshot);
        s.disk.clear();
        s.disk.add(new DurableRecord.Promised(state.promised()));
        state.accepted().values().forEach(pv -> s.disk.add(new DurableRecord.Accepted(pv)));
        s.disk.add(new DurableRecord.Installed(snapshot));
        s.core.compact(snapshot.slot());
    }

    /**
     * A chat log whose older entries go to a cold store, as in disk mode, a few at a time,
     * so that snapshots, catch-up and restarts read across its two parts.
     */
    private ChatLog newLog() {
        return new SharedChatLog(new ListColdStore(), 1 + logSizes.nextInt(4));
    }

    // ---- the network -----------------------------------------------------------------------

    private boolean cut(int a, int b) {
        return side != null && side[a] != side[b];
    }

    /** Latency of one message or poll: usually short, rarely very long while faults last. */
    private long latency() {
        long l = 1 + random.nextLong(latency);
        if (chaos && random.nextInt(200) == 0) {
            l += TICK * (1 + random.nextInt(10 * template.scoutLifetimeTicks()));
        }
        return l;
    }

    void send(int from, Envelope e) {
        if (cut(from, e.to()) || (chaos && random.nextDouble() < options.loss())) {
            return;
        }
        int copies = chaos && random.nextDouble() < options.duplication() ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            SimServer to = servers[e.to()];
            at(now + latency(), () -> {
                // A link cut while the message travelled drops it too; a crashed process refuses it.
                if (!cut(from, e.to()) && !to.dead()) {
                    to.arrive(e.message());
                }
            });
        }
    }

    /** SimServer {@code s}'s failure detector polls every peer once, each answer arriving on its own. */
    void poll(SimServer s) {
        if (s.dead() || s.paused) {
            return;
        }
        int incarnation = s.incarnation;
        for (SimServer p : servers) {
            if (p == s) {
                continue;
            }
            PeerStatus status;
            long answerAt;
            if (cut(s.id, p.id) || p.paused || (chaos && random.nextDouble() < options.loss())) {
                status = PeerStatus.down(p.id);
                answerAt = now + pollTimeout;
            } else if (p.dead()) {
                status = PeerStatus.down(p.id);
                answerAt = now + latency();
            } else {
                status = p.published;
                answerAt = now + latency() + latency();
            }
            at(answerAt, () -> {
                if (s.incarnation == incarnation && !s.dead()) {
                    s.enqueue(status);
                }
            });
        }
    }

    // ---- clients ---------------------------------------------------------------------------

    /** A client submits to a server of the simulation's choosing; returns it, or -1. */
    int submit(Command command, int preferred) {
        invariants.sent(command);
        for (int tries = 0; tries < servers.length; tries++) {
            SimServer s = servers[(preferred + tries) % servers.length];
            if (s.up() && s.published.votes()) {
                int incarnation = s.incarnation;
                at(now + latency(), () -> {
                    if (s.incarnation == incarnation && !s.dead()) {
                        s.enqueue(command);
                    }
                });
                return s.id;
            }
        }
        return -1;
    }

    /** The seq the server answers the client with, once it performed the command. */
    Long answer(int server, RequestKey key) {
        if (server < 0 || !servers[server].up()) {
            return null;
        }
        Long seq = servers[server].core.seqOf(key).orElse(null);
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
        return servers.length;
    }

    void trace(String what) {
        if (TRACE) {
            System.out.println("t=" + now + " " + what);
        }
    }

    // ---- for the servers -------------------------------------------------------------------

    PaxosConfig config() {
        return template;
    }

    Invariants invariants() {
        return invariants;
    }

    Release release() {
        return options.release();
    }

    boolean durable() {
        return durable;
    }

    boolean chaos() {
        return chaos;
    }

    long syncDelay() {
        return syncDelay;
    }

    long pollEvery() {
        return pollEvery;
    }

    void countInput() {
        inputs++;
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        b.append("\n  t=").append(now / TICK).append(" ticks, config ").append(template).append(", partition ")
                .append(side == null ? "none" : java.util.Arrays.toString(side));
        for (SimServer s : servers) {
            b.append("\n  ").append(s);
        }
        clients.forEach(c -> b.append("\n  ").append(c));
        return b.toString();
    }

    Map<String, Long> stats() {
        Map<String, Long> s = new HashMap<>();
        s.put("inputs", inputs);
        s.put("events", seq);
        s.put("settleTicks", (settledAt - healedAt) / TICK);
        s.put("ticks", now / TICK);
        s.put("chosen", (long) invariants.chosenSlots());
        s.put("logged", (long) invariants.canonicalLength());
        return s;
    }
}
