package paxoschat.paxos.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import paxoschat.paxos.ChatLog;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.Envelope;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.PeerStatus;
import paxoschat.paxos.Step;

/**
 * One server: its host's clock and disk, which outlive its processes, and the process
 * running now (an incarnation): the core, its node loop's queue and its unsynced writes.
 */
final class SimServer {

    /** Something for the node thread to handle, and when it reached the node. */
    private record Input(long arrivedAt, Object what) {
    }

    /** This node's own promises and votes, handed back once durable (a task of their own). */
    private record OwnVotes(List<Message> messages) {
    }

    final int id;
    final SimClock clock;
    /** Stable storage, and the records written but not synced yet. */
    final List<DurableRecord> disk = new ArrayList<>();
    final List<DurableRecord> unsynced = new ArrayList<>();
    /** Messages waiting for the next sync. */
    final List<Envelope> held = new ArrayList<>();
    boolean syncPending;
    boolean syncAfterResume;
    boolean sentSinceSync;
    boolean durableDown;
    boolean doomed;

    PaxosNode core;
    int incarnation;
    boolean killed;
    boolean paused;
    final ArrayDeque<Input> inbox = new ArrayDeque<>();
    /** The clock's reading when this process started ticking, and the ticks taken since. */
    long origin;
    long ticksTaken;
    /** When the periodic tick task is next due (true time). */
    long tickTaskAt;
    long stalledUntil;
    long busyUntil;
    /** The one pending run of the node loop, if any. */
    long runToken;
    long runAt = -1;
    /** What the health endpoint answers: the status after the last input handled. */
    PeerStatus published;
    long logged;

    private final Simulation sim;

    SimServer(Simulation sim, int id, SimClock clock) {
        this.sim = sim;
        this.id = id;
        this.clock = clock;
    }

    void start(PaxosNode node) {
        incarnation++;
        core = node;
        killed = false;
        paused = false;
        inbox.clear();
        unsynced.clear();
        held.clear();
        sentSinceSync = false;
        syncPending = false;
        syncAfterResume = false;
        origin = clock.read(sim.now());
        ticksTaken = 0;
        stalledUntil = sim.now();
        busyUntil = sim.now();
        runAt = -1;
        tickTaskAt = clock.whenReads(origin + Simulation.TICK, sim.now());
        published = core.status();
        logged = 0;
        checkLog();
        int mine = incarnation;
        schedule(tickTaskAt);
        Runnable poll = () -> sim.poll(this);
        pollLoop(mine, poll);
    }

    private void pollLoop(int mine, Runnable poll) {
        sim.at(sim.now() + sim.random().nextLong(sim.pollEvery()) + 1, () -> {
            if (incarnation == mine && !dead()) {
                poll.run();
                pollLoop(mine, poll);
            }
        });
    }

    /**
     * The flusher syncs a little after records were written, as group commit does, unless
     * the process died or is paused by then (then at the resume).
     */
    private void syncSoon() {
        if (syncPending) {
            return;
        }
        syncPending = true;
        int mine = incarnation;
        sim.at(sim.now() + 1 + sim.random().nextLong(sim.syncDelay()), () -> {
            if (incarnation == mine) {
                syncPending = false;
                if (!dead() && !paused) {
                    sync();
                } else if (paused) {
                    syncAfterResume = true;
                }
            }
        });
    }

    boolean dead() {
        return killed || core.isCrashed();
    }

    boolean up() {
        return !dead() && !paused;
    }

    void kill() {
        killed = true;
        incarnation++;
        syncPending = false;
        syncAfterResume = false;
        inbox.clear();
        unsynced.clear();
        held.clear();
        sentSinceSync = false;
    }

    void resume() {
        paused = false;
        sim.trace("RESUME " + id);
        schedule(sim.now());
        if (syncAfterResume) {
            syncAfterResume = false;
            syncSoon();
        }
    }

    void arrive(Message m) {
        enqueue(m);
    }

    void enqueue(Object what) {
        inbox.add(new Input(sim.now(), what));
        schedule(sim.now());
    }

    /** Makes sure the node loop runs at {@code time} or earlier. */
    void schedule(long time) {
        long when = Math.max(time, sim.now());
        if (runAt >= sim.now() && runAt <= when) {
            return;
        }
        runAt = when;
        long token = ++runToken;
        sim.at(when, () -> {
            if (token == runToken) {
                runAt = -1;
                loop();
            }
        });
    }

    /** The node thread takes its next task, if it can run now. */
    private void loop() {
        if (dead() || paused) {
            return; // resume or restart schedules the loop again
        }
        long free = Math.max(stalledUntil, busyUntil);
        if (sim.now() < free) {
            schedule(free);
            return;
        }
        // The tick task and the inputs run in the order they fell due, as in the executor.
        boolean tickNext = tickTaskAt <= sim.now() && (inbox.isEmpty() || tickTaskAt <= inbox.peek().arrivedAt());
        if (tickNext) {
            takeDueTicks();
            // A fixed delay after this run, measured on the host's clock.
            tickTaskAt = clock.whenReads(clock.read(sim.now()) + Simulation.TICK, sim.now());
        } else if (!inbox.isEmpty()) {
            Input in = inbox.poll();
            takeDueTicks();
            handleInput(in);
        }
        if (dead()) {
            return;
        }
        published = core.status();
        checkLog();
        busyUntil = sim.now() + cost();
        schedule(inbox.isEmpty() ? Math.max(tickTaskAt, busyUntil) : busyUntil);
    }

    /** How long one task keeps the node thread busy: mostly little, now and then much longer. */
    private long cost() {
        if (sim.chaos() && sim.random().nextInt(500) == 0) {
            return Simulation.TICK * (1 + sim.random().nextInt(2 * sim.config().scoutLifetimeTicks()));
        }
        return sim.random().nextLong(Simulation.TICK / 50);
    }

    /** Every tick this process's clock says is due and not taken yet, as one task (TickClock). */
    private void takeDueTicks() {
        long due = (clock.read(sim.now()) - origin) / Simulation.TICK;
        while (ticksTaken < due && !dead()) {
            ticksTaken++;
            handle(core.tick());
        }
    }

    private void handleInput(Input in) {
        sim.countInput();
        if (sim.now() - in.arrivedAt() > sim.config().scoutLifetimeTicks() * Simulation.TICK) {
            Simulation.LATE_INPUTS.incrementAndGet();
        }
        Object what = in.what();
        if (what instanceof Message m) {
            deliver(m);
        } else if (what instanceof PeerStatus status) {
            handle(core.observe(status));
        } else if (what instanceof Command command) {
            handle(core.submit(command));
        } else if (what instanceof OwnVotes votes) {
            for (Message m : votes.messages()) {
                if (!dead()) {
                    deliver(m);
                }
            }
        }
    }

    /** The core handles {@code m}; what was decided is checked first. */
    private void deliver(Message m) {
        if (m instanceof Message.SnapshotReply) {
            Simulation.SNAPSHOTS_DELIVERED.incrementAndGet();
        }
        if (m instanceof Message.Decision d) {
            sim.invariants().decision(d.slot(), d.value());
        } else if (m instanceof Message.Chosen c) {
            // The receiver takes the value from its own vote; the replicas' logs, checked
            // after every input, show whether it took the right one.
            sim.invariants().chosen(c.slot());
        } else if (m instanceof Message.CatchUpReply c) {
            for (int i = 0; i < c.values().size(); i++) {
                sim.invariants().decision(c.fromSlot() + i, c.values().get(i));
            }
        }
        Step step = core.receive(m);
        if (Simulation.TRACE) {
            System.out.println("t=" + sim.now() + " " + m.from() + "->" + id + " " + m + " => " + step.messages());
        }
        if (m instanceof Message.P2a a && !sim.durable()) {
            // In disk mode a vote counts once its record is on the disk (see sync).
            for (Envelope out : step.messages()) {
                if (out.message() instanceof Message.P2b b && b.accepted() && b.ballot().equals(a.ballot())) {
                    sim.invariants().vote(id, a.ballot(), a.slot(), a.value());
                }
            }
        }
        handle(step);
    }

    /** What a step produced: records, messages (to itself at once), and a crash. */
    void handle(Step step) {
        if (!sim.durable()) {
            // Memory mode: nothing to wait for (the disk only matters to naive rejoins).
            disk.addAll(step.writes());
            for (Envelope e : step.messages()) {
                release(e);
            }
            return;
        }
        unsynced.addAll(step.writes());
        for (Envelope e : step.messages()) {
            if (sim.release().waits(id, e)) {
                held.add(e);
            } else {
                if (e.to() != id) {
                    sentSinceSync = true;
                }
                release(e);
            }
        }
        if (step.crashed()) {
            // The node loop halts a time-bombed server from the release after the sync.
            sync();
        } else if (!unsynced.isEmpty() || !held.isEmpty()) {
            syncSoon();
        }
    }

    /** Messages to itself never cross the network: handled at once, in the same task. */
    private void release(Envelope e) {
        if (e.to() == id) {
            if (!dead()) {
                deliver(e.message());
            }
        } else {
            sim.send(id, e);
        }
    }

    /**
     * The flusher syncs: every record written so far is durable, then the messages that
     * waited for it leave, and this node's own votes come back as a task of their own.
     */
    void sync() {
        makeDurable(unsynced);
        unsynced.clear();
        sentSinceSync = false;
        List<Message> own = new ArrayList<>();
        for (Envelope e : held) {
            if (e.to() == id) {
                own.add(e.message());
            } else {
                sim.send(id, e);
            }
        }
        held.clear();
        if (!own.isEmpty() && !killed) {
            enqueue(new OwnVotes(own));
        }
    }

    void makeDurable(List<DurableRecord> records) {
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Accepted a) {
                // A vote on the disk counts, whether or not its 2b ever left: a restarted
                // acceptor reports it in its 1b.
                sim.invariants().vote(id, a.pvalue().ballot(), a.pvalue().slot(), a.pvalue().value());
            }
        }
        disk.addAll(records);
    }

    /** The chat log's new entries against every other log seen (SPEC §2). */
    private void checkLog() {
        ChatLog log = core.chatLog();
        long size = log.size();
        if (size > logged) {
            sim.invariants().appended(id, logged, log.range(logged, size));
            logged = size;
        }
    }

    @Override
    public String toString() {
        return "server " + id + ": dead=" + dead() + " paused=" + paused + " ready=" + core.isReady()
                + " leading=" + core.isLeading() + " ballot=" + core.ballot() + " decided=" + core.decided()
                + " log=" + core.chatLog().size() + " inbox=" + inbox.size() + " clock=" + clock.ratePpm()
                + "ppm\n    " + core;
    }
}
