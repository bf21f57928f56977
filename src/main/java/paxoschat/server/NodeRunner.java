package paxoschat.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Durability;
import paxoschat.paxos.Envelope;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.PeerStatus;
import paxoschat.paxos.RequestKey;
import paxoschat.paxos.Snapshot;
import paxoschat.paxos.Step;
import paxoschat.storage.DiskStorage;
import paxoschat.storage.GroupCommit;
import paxoschat.storage.MemoryStorage;
import paxoschat.storage.Storage;
import paxoschat.storage.StorageFailedException;

/**
 * Owns the PaxosNode. The node is not thread-safe, so every input (client command, Paxos
 * message, tick, peer status, time bomb) is a task on one single-thread executor, and only
 * that thread touches the node. The thread never waits for I/O: outgoing messages go to the
 * {@link MessageSender}, which sends asynchronously. Other threads read the published
 * {@link NodeView} snapshot.
 *
 * <p>Storage (docs/storage.md): in disk mode the node is restored from its write-ahead log
 * at start, and each task's durable records are appended to the log and made durable by a
 * {@link GroupCommit} flusher thread. What reveals a promise or a vote of this node, and
 * whatever else {@link Durability} says must wait, is released by the flusher once the
 * task's records and all earlier ones are on disk: those messages to peers, and the node's
 * own 1b and 2b to itself, which come back as a new task. Everything else leaves at once
 * from the node thread: 2a, decisions, forwarded requests, catch-up requests, chat log
 * appends and client answers (a decision only follows durable votes of a majority). So a
 * write waits for one fsync, the leader's in parallel with its followers', and the node
 * thread never waits for one. Messages to itself that need not wait are handled at once
 * inside the task. In memory mode everything is released at once, on the node thread.
 */
@Component
public class NodeRunner implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);
    /** How far ahead of its records a log segment is filled with zeros (see DiskStorage). */
    private static final long PREALLOCATE_BYTES = 1L << 20;
    /** How long a crashing node waits for its last messages to leave before it halts. */
    private static final Duration CRASH_FLUSH = Duration.ofSeconds(1);
    /** Decided slots between two passes that drop the votes of decided slots (disk mode). */
    private static final long FORGET_VOTES_EVERY = 64;

    private final PaxosProperties properties;
    private final PaxosNode node;
    private final MessageSender sender;
    private final PerformedSink sink;
    private final Halt halt;
    private final ScheduledThreadPoolExecutor executor;
    private final Storage storage;
    /** Null in memory mode: effects are released at once. */
    private final GroupCommit commit;
    /** Clients waiting for their command to be performed; node thread only. */
    private final Map<RequestKey, List<CompletableFuture<ChatEntry>>> waiters = new HashMap<>();
    /** Tasks handed to the executor and not yet started (ticks aside): bounded by maxQueuedInputs. */
    private final AtomicInteger queuedInputs = new AtomicInteger();
    /** Submitted commands whose future is not complete yet: bounded by maxPendingRequests. */
    private final AtomicInteger pendingRequests = new AtomicInteger();
    private volatile NodeView view;
    private volatile int port = -1;
    private volatile boolean running;
    private boolean announcedReady;
    /** Every later step of a crashed node says crashed too; halt only once. */
    private final java.util.concurrent.atomic.AtomicBoolean crashing = new java.util.concurrent.atomic.AtomicBoolean();
    /** The slot of the newest snapshot written or installed; node thread only. */
    private long snapshotSlot;
    /** The decided prefix when votes were last dropped; node thread only. */
    private long votesForgottenAt;
    private final long tickNanos;
    private final LongSupplier nanoClock;
    /** When ticking began, and how many ticks ran since; node thread only (after start). */
    private long tickOrigin;
    private long ticksRun;

    @Autowired
    public NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt) {
        this(properties, sender, sink, halt, openStorage(properties));
    }

    /** With a storage of the test's choosing (an in-memory twin of the disk, say). */
    NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt, Storage storage) {
        this(properties, sender, sink, halt, storage, System::nanoTime);
    }

    /** With a clock of the test's choosing too, which says how many ticks are due. */
    NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt, Storage storage,
               LongSupplier nanoClock) {
        this.properties = properties;
        this.nanoClock = nanoClock;
        this.tickNanos = properties.tickInterval().toNanos();
        this.sender = sender;
        this.sink = sink;
        this.halt = halt;
        this.storage = storage;
        if (storage.durable()) {
            // Disk mode: the log says what this node promised, accepted and decided, so it
            // is never amnesiac and votes at once.
            DurableState state = storage.recovered();
            this.snapshotSlot = state.snapshot().slot();
            this.node = PaxosNode.restored(properties.paxosConfig(), state, storage.chatLog());
            this.commit = new GroupCommit(storage, this::storageFailed, "paxos-flusher-" + properties.nodeId());
        } else {
            this.node = new PaxosNode(properties.paxosConfig(), properties.amnesiac(), storage.chatLog());
            this.commit = null;
        }
        sink.attach(node.chatLog());
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "paxos-node-" + properties.nodeId());
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        publishView();
    }

    // ---- inputs, callable from any thread -----------------------------------------------

    /** The node is too busy to take more input now; the caller should answer 503. */
    public static final class Overloaded extends RuntimeException {
        public Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Paxos messages from a peer, delivered in order. Returns false, dropping them, if the
     * node's input queue is full: Paxos tolerates lost messages and resends what matters.
     */
    public boolean receive(List<Message> messages) {
        if (queuedInputs.get() >= properties.maxQueuedInputs()) {
            return false;
        }
        execute(() -> handle(messages));
        return true;
    }

    /**
     * Submits a chat command; the future completes with its log entry once performed (at
     * once if it was performed before, e.g. a retry). A future that is cancelled or times out
     * is forgotten, though the command stays pending in the replica and may still be decided.
     * When this server already holds maxPendingRequests undecided requests, or its input
     * queue is full, the future fails at once with {@link Overloaded} and nothing is submitted.
     */
    public CompletableFuture<ChatEntry> submit(Command command) {
        if (queuedInputs.get() >= properties.maxQueuedInputs()) {
            return CompletableFuture.failedFuture(new Overloaded("the node's input queue is full"));
        }
        if (pendingRequests.incrementAndGet() > properties.maxPendingRequests()) {
            pendingRequests.decrementAndGet();
            return CompletableFuture.failedFuture(new Overloaded("too many requests wait for a decision"));
        }
        CompletableFuture<ChatEntry> result = new CompletableFuture<>();
        result.whenComplete((entry, error) -> pendingRequests.decrementAndGet());
        execute(() -> {
            Optional<Long> seq = node.seqOf(command.key());
            if (seq.isPresent()) {
                // Performed already, so chosen and in the chat log: the same answer as before.
                result.complete(node.chatLog().get(seq.get()));
                return;
            }
            waiters.computeIfAbsent(command.key(), k -> new ArrayList<>(1)).add(result);
            Outputs out = new Outputs();
            out.absorb(node.submit(command));
            finish(out);
        }, result);
        result.whenComplete((entry, error) -> {
            if (error != null) {
                execute(() -> forget(command.key(), result));
            }
        });
        return result;
    }

    public void observe(PeerStatus status) {
        execute(() -> {
            Outputs out = new Outputs();
            out.absorb(node.observe(status));
            finish(out);
        });
    }

    /** Arms the time bomb (SPEC §1 timeBombLeader); 0 crashes the server at once. */
    public CompletableFuture<Void> armTimeBomb(int messages) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            Outputs out = new Outputs();
            out.absorb(node.armTimeBomb(messages));
            done.complete(null);
            finish(out);
        }, done);
        return done;
    }

    /** Completes once every input queued before this call has been handled. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> done.complete(null), done);
        return done;
    }

    public NodeView view() {
        return view;
    }

    // ---- node thread ---------------------------------------------------------------------

    /**
     * What one task produced, gathered so each peer gets one batch per task (two in disk
     * mode: what leaves at once and what waits for the sync).
     */
    private final class Outputs {
        final Map<Integer, List<Message>> early = new LinkedHashMap<>();
        final Map<Integer, List<Message>> afterSync = new LinkedHashMap<>();
        final ArrayDeque<Message> toSelf = new ArrayDeque<>();
        /** This node's own 1b/2b to itself: handled once the records they reveal are durable. */
        final List<Message> toSelfAfterSync = new ArrayList<>();
        final List<ChatEntry> performed = new ArrayList<>();
        final List<DurableRecord> writes = new ArrayList<>();
        boolean crashed;
        /** Drop a message equal to one already bound for the same node (see tickDue). */
        final boolean distinct;

        Outputs() {
            this(false);
        }

        Outputs(boolean distinct) {
            this.distinct = distinct;
        }

        void absorb(Step step) {
            writes.addAll(step.writes());
            int self = properties.nodeId();
            for (Envelope e : step.messages()) {
                // In memory mode nothing is durable, so nothing has anything to wait for.
                boolean waits = commit != null && Durability.waitsForSync(self, e);
                if (e.to() == self) {
                    add(waits ? toSelfAfterSync : toSelf, e.message());
                } else {
                    add((waits ? afterSync : early).computeIfAbsent(e.to(), k -> new ArrayList<>()), e.message());
                }
            }
            performed.addAll(step.performed());
            crashed |= step.crashed();
        }

        private void add(Collection<Message> to, Message m) {
            if (!distinct || !to.contains(m)) {
                to.add(m);
            }
        }

        boolean waitsForNothing() {
            return writes.isEmpty() && afterSync.isEmpty() && toSelfAfterSync.isEmpty() && !crashed;
        }
    }

    private void finish(Outputs out) {
        // Messages to itself skip the network; they may cause more, so loop until quiet.
        Message next;
        while (!out.crashed && (next = out.toSelf.poll()) != null) {
            out.absorb(node.receive(next));
        }
        List<CompletableFuture<ChatEntry>> answers = new ArrayList<>();
        List<ChatEntry> answered = new ArrayList<>();
        for (ChatEntry entry : out.performed) {
            List<CompletableFuture<ChatEntry>> waiting = waiters.remove(entry.key());
            if (waiting != null) {
                for (CompletableFuture<ChatEntry> f : waiting) {
                    answers.add(f);
                    answered.add(entry);
                }
            }
        }
        // At once: none of this reveals a promise or vote of this node (Durability), and what
        // it performed was chosen by durable votes of a majority. The chat log shows an entry
        // before its client's answer leaves, so a GET after the 201 sees it.
        out.early.forEach(sender::send);
        if (!out.performed.isEmpty()) {
            sink.append(out.performed);
        }
        for (int i = 0; i < answers.size(); i++) {
            answers.get(i).complete(answered.get(i));
        }
        if (!out.waitsForNothing()) {
            boolean crashed = out.crashed;
            List<Message> ownVotes = out.toSelfAfterSync;
            release(out.writes, () -> {
                out.afterSync.forEach(sender::send);
                if (!ownVotes.isEmpty()) {
                    // This node's own promises and votes, now durable, reach its leader (or recovery).
                    execute(() -> handle(ownVotes));
                }
                if (crashed && crashing.compareAndSet(false, true)) {
                    crash();
                }
            });
        }
        for (DurableRecord r : out.writes) {
            if (r instanceof DurableRecord.Installed i) {
                snapshotSlot = Math.max(snapshotSlot, i.snapshot().slot());
            }
        }
        maybeCompact();
        publishView();
    }

    /**
     * Every paxos.snapshot-every decided slots: write a snapshot of the chat log, and once it
     * is durable, let the node forget the decided values and votes below it. Storage then
     * drops the log segments the snapshot covers, and a peer that far behind gets the
     * snapshot instead of slot after slot.
     */
    private void maybeCompact() {
        long every = properties.snapshotEvery();
        // Disk mode only. In memory mode nothing is saved by it, and it would leave servers
        // restarted without state to recover from votes their peers have dropped: the
        // simulation, under other election rules, found a leader that had recovered that
        // way, not caught up yet, fill a decided slot with a no-op.
        if (!storage.durable() || node.isCrashed()) {
            return;
        }
        if (node.decided() - votesForgottenAt >= FORGET_VOTES_EVERY) {
            // Between snapshots a vote would otherwise stay in memory beside the decided
            // value and the chat entry: at 256 connections 10,000 slots are over 600,000
            // messages, a minute of writes.
            votesForgottenAt = node.decided();
            node.forgetDecidedVotes();
        }
        if (every <= 0 || node.decided() - snapshotSlot < every) {
            return;
        }
        Snapshot snapshot = node.snapshot();
        snapshotSlot = snapshot.slot();
        // After the sync of every decision it sums up (see Storage.compactTo).
        release(List.of(), () -> storage.compactTo(snapshot, () -> execute(() -> node.compact(snapshot.slot()))));
    }

    /**
     * Runs {@code effects} once {@code writes} and every earlier task's writes are durable:
     * at once in memory mode, on the flusher thread in disk mode.
     */
    private void release(List<DurableRecord> writes, Runnable effects) {
        if (commit == null) {
            effects.run();
            return;
        }
        try {
            commit.submit(writes, effects);
        } catch (StorageFailedException e) {
            storageFailed(e);
        }
    }

    private static Storage openStorage(PaxosProperties properties) {
        if (properties.storage() == PaxosProperties.StorageMode.MEMORY) {
            return new MemoryStorage();
        }
        try {
            // The node decides when to snapshot (maybeCompact); storage follows its records.
            // Preallocated segments: a sync that leaves the file's size alone took about a
            // third less time (p50) on this machine (bench/fsync). 1 MiB at a time: as good
            // there as 4 MiB, and the sync that writes the zeros is a quarter as long (all
            // servers write alike, so they extend their logs at about the same moment).
            return DiskStorage.open(properties.dataPath(), DiskStorage.Options.defaults()
                    .withPreallocateBytes(PREALLOCATE_BYTES).withMemoryEntries(properties.memoryEntries()));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("node " + properties.nodeId() + ": cannot open storage in "
                    + properties.dataPath().toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The log could not be made durable: this server may neither vote nor acknowledge any
     * more, so it stops at once (crash-stop, which Paxos tolerates). It never answers as if
     * the write had succeeded: nothing queued behind the failed sync is released.
     */
    private void storageFailed(Throwable e) {
        log.error("node {}: STORAGE FAILED, halting so as not to vote or acknowledge without a durable log: {}",
                properties.nodeId(), e.toString());
        halt.halt(1);
    }

    private void crash() {
        log.warn("node {}: time bomb exploded; flushing sends and halting", properties.nodeId());
        sender.awaitIdle(CRASH_FLUSH);
        halt.halt(1);
    }

    private void forget(RequestKey key, CompletableFuture<ChatEntry> future) {
        List<CompletableFuture<ChatEntry>> waiting = waiters.get(key);
        if (waiting != null && waiting.remove(future) && waiting.isEmpty()) {
            waiters.remove(key);
        }
    }

    /** Messages to this node, from a peer or from itself, in order. */
    private void handle(List<Message> messages) {
        Outputs out = new Outputs();
        for (Message m : messages) {
            out.absorb(node.receive(m));
        }
        finish(out);
    }

    /**
     * Runs every tick the wall clock says is due since the last run, as one task. Protocol
     * timeouts thus keep wall-clock time however late the node thread gets to run (the
     * recovery argument counts on a scout's lifetime passing in real time, see Recovery).
     * One task, not one per tick: when a starved node thread catches up on several ticks,
     * each resend tick among them would send the same 1a or 2a again to every peer that has
     * not answered yet, before their answers could be read. Equal messages to one peer are
     * sent once; Paxos messages are idempotent.
     */
    private void tickDue() {
        long due = (nanoClock.getAsLong() - tickOrigin) / tickNanos;
        if (ticksRun >= due) {
            return;
        }
        Outputs out = new Outputs(due - ticksRun > 1);
        while (ticksRun < due && !out.crashed) {
            ticksRun++;
            out.absorb(node.tick());
        }
        ticksRun = due;
        finish(out);
    }

    private void publishView() {
        NodeView before = view;
        view = new NodeView(node.id(), node.isReady(), node.isRecovering(), node.isLeading(), node.ballot(),
                node.leaderHint(), node.decided(), node.chatLog().size(), node.isCrashed());
        if (log.isDebugEnabled() && (before == null || before.leading() != view.leading()
                || before.leaderHint() != view.leaderHint() || before.recovering() != view.recovering())) {
            // For following elections in the logs: -Dlogging.level.paxoschat.server.NodeRunner=DEBUG
            log.debug("node {}: leading={} leader={} ballot={} recovering={} decided={}", view.node(), view.leading(),
                    view.leaderHint(), view.ballot(), view.recovering(), view.decided());
        }
        if (!announcedReady && view.ready() && port >= 0) {
            announcedReady = true;
            log.info("paxos-chat node {} ready on port {} (cluster of {})",
                    properties.nodeId(), port, properties.clusterSize());
        }
    }

    private void execute(Runnable task) {
        execute(task, null);
    }

    /** Runs {@code task} on the node thread; a failure fails {@code failure} if given. */
    private void execute(Runnable task, CompletableFuture<?> failure) {
        queuedInputs.incrementAndGet();
        try {
            executor.execute(() -> {
                queuedInputs.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // The node thread must survive anything one input does.
                    log.error("node {}: input failed", properties.nodeId(), e);
                    if (failure != null) {
                        failure.completeExceptionally(e);
                    }
                } catch (Error e) {
                    // Out of memory, say, halfway through a step: the node's state may be ahead
                    // of what it sent and wrote. Crash, the failure the protocol is built for.
                    log.error("node {}: {} in the node thread, halting", properties.nodeId(), e, e);
                    halt.halt(1);
                }
            });
        } catch (RejectedExecutionException e) {
            queuedInputs.decrementAndGet();
            if (failure != null) {
                failure.completeExceptionally(new IllegalStateException("server is shutting down"));
            }
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() == null || port < 0) {
            port = event.getWebServer().getPort();
            execute(this::publishView);
        }
    }

    @Override
    public void start() {
        long micros = tickNanos / 1000;
        tickOrigin = nanoClock.getAsLong();
        executor.scheduleWithFixedDelay(() -> {
            try {
                tickDue();
            } catch (RuntimeException | Error e) {
                // An exception would cancel all future ticks.
                log.error("node {}: tick failed", properties.nodeId(), e);
            }
        }, micros, micros, TimeUnit.MICROSECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (commit != null) {
            commit.close();
        }
        storage.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
