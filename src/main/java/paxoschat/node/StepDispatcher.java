package paxoschat.node;

import java.util.List;

import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.Step;

/**
 * Hands out what the node's steps produce, through group commit (docs/storage.md, "The
 * rule"). What reveals a promise or a vote of this node, and whatever else
 * {@link paxoschat.paxos.Durability} says must wait, is released by the flusher once the
 * task's records and all earlier ones are on disk: those messages to peers, and the node's
 * own 1b and 2b to itself, which come back as a new task. Everything else leaves at once
 * from the node thread: 2a, decisions, forwarded requests, catch-up requests, chat log
 * appends and client answers (a decision only follows durable votes of a majority). So a
 * write waits for one fsync, the leader's in parallel with its followers', and the node
 * thread never waits for one. In memory mode everything is released at once. Node thread.
 */
final class StepDispatcher {

    private final PaxosNode node;
    private final int self;
    private final CommitGate gate;
    private final MessageSender sender;
    private final PerformedSink sink;
    private final ClientWaiters clients;
    private final Compaction compaction;
    private final ViewPublisher views;
    private final NodeLoop loop;
    private final FailStop failStop;
    private final ReadFences fences;
    /** Run once, the first time the node is ready (recovered and caught up); then null. */
    private Runnable whenReady;

    StepDispatcher(PaxosNode node, CommitGate gate, MessageSender sender, PerformedSink sink, ClientWaiters clients,
                   Compaction compaction, ViewPublisher views, NodeLoop loop, FailStop failStop, Runnable whenReady,
                   ReadFences fences) {
        this.whenReady = whenReady;
        this.fences = fences;
        this.node = node;
        this.self = node.id();
        this.gate = gate;
        this.sender = sender;
        this.sink = sink;
        this.clients = clients;
        this.compaction = compaction;
        this.views = views;
        this.loop = loop;
        this.failStop = failStop;
    }

    /** One step of the node, taken on the node thread. */
    void dispatch(Step step) {
        StepOutputs out = new StepOutputs(self, gate.syncs(), false);
        out.absorb(step);
        finish(out);
    }

    /** Messages to this node, from a peer or from itself, in order. */
    void receive(List<Message> messages) {
        StepOutputs out = new StepOutputs(self, gate.syncs(), false);
        for (Message m : messages) {
            out.absorb(node.receive(m));
        }
        finish(out);
    }

    /**
     * {@code due} ticks as one task, not one per tick: when a starved node thread catches up
     * on several, each resend tick among them would send the same 1a or 2a again to every
     * peer that has not answered yet, before their answers could be read. Equal messages to
     * one peer are sent once; Paxos messages are idempotent.
     */
    void tick(long due) {
        StepOutputs out = new StepOutputs(self, gate.syncs(), due > 1);
        for (long i = 0; i < due && !out.crashed; i++) {
            out.absorb(node.tick());
        }
        finish(out);
    }

    private void finish(StepOutputs out) {
        // Messages to itself skip the network; they may cause more, so loop until quiet.
        Message next;
        while (!out.crashed && (next = out.toSelf.poll()) != null) {
            out.absorb(node.receive(next));
        }
        List<ClientWaiters.Answer> answers = clients.answers(out.performed);
        // At once: none of this reveals a promise or vote of this node, and what it
        // performed was chosen by durable votes of a majority. The chat log shows an entry
        // before its client's answer leaves, so a GET after the 201 sees it.
        out.early.forEach(sender::send);
        if (!out.performed.isEmpty()) {
            sink.append(out.performed);
        }
        answers.forEach(ClientWaiters.Answer::complete);
        clients.refuse(out.refused);
        // After the append: a read told the log's length finds that many entries in the store.
        fences.check(node);
        if (!out.waitsForNothing()) {
            boolean crashed = out.crashed;
            List<Message> ownVotes = out.toSelfAfterSync;
            gate.release(out.writes, () -> {
                out.afterSync.forEach(sender::send);
                if (!ownVotes.isEmpty()) {
                    // This node's own promises and votes, now durable, reach its leader (or recovery).
                    loop.execute(() -> receive(ownVotes));
                }
                if (crashed) {
                    failStop.timeBombExploded();
                }
            });
        }
        compaction.afterTask(out.writes);
        views.publish(node);
        if (whenReady != null && node.isReady()) {
            Runnable ready = whenReady;
            whenReady = null;
            ready.run();
        }
    }
}
