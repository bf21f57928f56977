package paxoschat.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.CommandRules;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.PeerStatus;
import paxoschat.paxos.ReadFence;
import paxoschat.paxos.Step;
import paxoschat.server.Halt;
import paxoschat.server.PaxosProperties;
import paxoschat.storage.Storage;
import paxoschat.storage.SyncListener;

/**
 * The node's runtime: owns the PaxosNode, takes its inputs from any thread and runs them on
 * the node thread ({@link NodeLoop}), hands out what they produce through group commit
 * ({@link StepDispatcher}), answers clients ({@link ClientWaiters}), compacts
 * ({@link Compaction}) and publishes a {@link NodeView} for everyone else to read.
 *
 * <p>In disk mode the node is restored from its storage at start and votes at once: the log
 * says what it promised, accepted and decided. Unless the storage lost that state (a
 * damaged or lost directory, and paxos.lost-state=recover): the node is then amnesiac, and
 * recovers before it votes.
 */
@Component
public class NodeRunner implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    private final PaxosProperties properties;
    private final PaxosNode node;
    private final Storage storage;
    private final CommitGate gate;
    private final NodeLoop loop;
    private final ClientWaiters clients;
    private final ViewPublisher views;
    private final StepDispatcher dispatcher;
    private final ReadFences fences = new ReadFences();
    private volatile boolean running;

    /** {@code syncs}: told of every group-commit sync (metrics), if there is such a bean. */
    @Autowired
    public NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt,
                      Storage storage, ObjectProvider<SyncListener> syncs) {
        this(properties, sender, sink, halt, storage, System::nanoTime, syncs.getIfAvailable(() -> SyncListener.NONE));
    }

    public NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt,
                      Storage storage) {
        this(properties, sender, sink, halt, storage, System::nanoTime, SyncListener.NONE);
    }

    /** With a clock of the test's choosing, which says how many ticks are due. */
    NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt, Storage storage,
               LongSupplier nanoClock) {
        this(properties, sender, sink, halt, storage, nanoClock, SyncListener.NONE);
    }

    private NodeRunner(PaxosProperties properties, MessageSender sender, PerformedSink sink, Halt halt,
                       Storage storage, LongSupplier nanoClock, SyncListener syncs) {
        this.properties = properties;
        this.storage = storage;
        long snapshotSlot = 0;
        boolean mustRecover = storage.mustRecover();
        if (storage.durable() && !mustRecover) {
            DurableState state = storage.recovered();
            snapshotSlot = state.snapshot().slot();
            this.node = PaxosNode.restored(properties.paxosConfig(), state, storage.chatLog());
        } else {
            // A disk whose state was lost recovers like a server of memory mode.
            this.node = new PaxosNode(properties.paxosConfig(), mustRecover || properties.amnesiac(),
                    storage.chatLog());
        }
        FailStop failStop = new FailStop(properties.nodeId(), halt, sender);
        this.gate = new CommitGate(storage, failStop, "paxos-flusher-" + properties.nodeId(), syncs);
        sink.attach(node.chatLog());
        this.loop = new NodeLoop(properties.nodeId(), new TickClock(properties.tickInterval(), nanoClock), failStop);
        this.clients = new ClientWaiters(properties.maxPendingRequests());
        this.views = new ViewPublisher(properties.clusterSize());
        Compaction compaction = new Compaction(node, storage, gate, loop, properties.snapshotEvery(), snapshotSlot);
        // Once it recovered and caught up, what it learned is its state: tell storage, after
        // the sync of everything before, so that a restart votes from it.
        Runnable whenReady = mustRecover ? () -> gate.release(List.of(), storage::recoveryDone) : () -> { };
        this.dispatcher = new StepDispatcher(node, gate, sender, sink, clients, compaction, views, loop, failStop,
                whenReady, fences);
        views.publish(node);
    }

    // ---- inputs, callable from any thread -----------------------------------------------

    /**
     * Paxos messages from a peer, delivered in order. Returns false, dropping them, if the
     * node's input queue is full: Paxos tolerates lost messages and resends what matters.
     */
    public boolean receive(List<Message> messages) {
        if (inputQueueFull()) {
            return false;
        }
        loop.execute(() -> dispatcher.receive(messages));
        return true;
    }

    /**
     * Submits a chat command; the future completes with its log entry once performed (at
     * once if it was performed before, e.g. a retry), or fails with {@link Refused} if it is
     * older than the exactly-once horizon. A future that is cancelled or times out is
     * forgotten, and once nobody waits for the command the replica stops resending it (it
     * may still be decided from where it got to). When this server already holds
     * maxPendingRequests undecided requests, or its input queue is full, the future fails at
     * once with {@link Overloaded} and nothing is submitted.
     */
    public CompletableFuture<ChatEntry> submit(Command command) {
        String problem = CommandRules.problem(command);
        if (problem != null) {
            // The chat API checks first; this is the last line: storage would refuse to
            // write such a command and halt the server, and so would every peer's.
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        if (inputQueueFull()) {
            return CompletableFuture.failedFuture(new Overloaded("the node's input queue is full"));
        }
        CompletableFuture<ChatEntry> result = clients.admit();
        if (result.isDone()) {
            return result;
        }
        loop.execute(() -> {
            Optional<Long> seq = node.seqOf(command.key());
            if (seq.isPresent()) {
                // Performed already, so chosen and in the chat log: the same answer as before.
                result.complete(node.chatLog().get(seq.get()));
                return;
            }
            String refusal = node.refusal(command.key());
            if (refusal != null) {
                result.completeExceptionally(new Refused(refusal));
                return;
            }
            clients.await(command.key(), result);
            dispatcher.dispatch(node.submit(command));
        }, result);
        result.whenComplete((entry, error) -> {
            if (error != null && !(error instanceof Refused)) {
                loop.execute(() -> {
                    if (clients.forget(command.key(), result)) {
                        node.withdraw(command.key());
                    }
                });
            }
        });
        return result;
    }

    public void observe(PeerStatus status) {
        loop.execute(() -> dispatcher.dispatch(node.observe(status)));
    }

    /** Arms the time bomb (SPEC §1 timeBombLeader); 0 crashes the server at once. */
    public CompletableFuture<Void> armTimeBomb(int messages) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            Step step = node.armTimeBomb(messages);
            done.complete(null);
            dispatcher.dispatch(step);
        }, done);
        return done;
    }

    /** Completes once every input queued before this call has been handled. */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> done.complete(null), done);
        return done;
    }

    /**
     * A linearizable read's barrier: completes with a length of the chat log that holds
     * every write acknowledged before this call, once this server's log is at least that
     * long (see {@link paxoschat.paxos.ReadFence}). Only the leader of an adopted ballot
     * can answer; elsewhere, or if it stops leading first, the future fails with
     * {@link NotLeader}. With its input queue full, it fails with {@link Overloaded}.
     */
    public CompletableFuture<Long> readIndex() {
        if (inputQueueFull()) {
            return CompletableFuture.failedFuture(new Overloaded("the node's input queue is full"));
        }
        CompletableFuture<Long> length = new CompletableFuture<>();
        loop.execute(() -> {
            Optional<ReadFence> fence = node.readFence();
            if (fence.isEmpty()) {
                length.completeExceptionally(new NotLeader("this server does not lead an adopted ballot"));
                return;
            }
            fences.add(fence.get(), length);
            // The dispatch checks the fences after the step, and from then on after every task.
            dispatcher.dispatch(node.proposeFresh());
        }, length);
        return length;
    }

    public NodeView view() {
        return views.view();
    }

    /** What happened to the node so far (metrics). */
    public NodeCounters counters() {
        return views.counters();
    }

    /** Inputs queued for the node thread and not started yet (metrics). */
    public int queuedInputs() {
        return loop.queued();
    }

    /** Client requests waiting for their decision (metrics). */
    public int pendingRequests() {
        return clients.pending();
    }

    private boolean inputQueueFull() {
        return loop.queued() >= properties.maxQueuedInputs();
    }

    // ---- lifecycle -----------------------------------------------------------------------

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() == null || views.port() < 0) {
            views.servingOn(event.getWebServer().getPort());
            loop.execute(() -> views.publish(node));
        }
    }

    @Override
    public void start() {
        loop.startTicks(dispatcher::tick);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        loop.stop();
        gate.close();
        storage.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
