package paxoschat.node;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.ReadFence;

/**
 * The linearizable reads waiting on this node's read fences ({@link ReadFence} argues why a
 * fence that holds covers every write acknowledged before it was taken). Each waits until
 * its fence holds and this replica has performed every slot below the fence, then learns
 * the chat log's length at that moment: a read that sees at least that many entries sees
 * every such write. A fence that breaks (the node stopped leading with its ballot) fails
 * its read with {@link NotLeader}; the reader asks again. Node thread only.
 */
final class ReadFences {

    private record Waiting(ReadFence fence, CompletableFuture<Long> length) {
    }

    private final List<Waiting> waiting = new ArrayList<>();

    void add(ReadFence fence, CompletableFuture<Long> length) {
        waiting.add(new Waiting(fence, length));
    }

    /** After every task: completes what it made hold or broke, forgets reads given up. */
    void check(PaxosNode node) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.length().isDone()) {
                it.remove();
            } else if (node.fenceBroken(w.fence())) {
                it.remove();
                w.length().completeExceptionally(new NotLeader("this server stopped leading before the read's fence held"));
            } else if (node.fenceHolds(w.fence()) && node.decided() >= w.fence().slot()) {
                it.remove();
                w.length().complete(node.chatLog().size());
            }
        }
    }

    int size() {
        return waiting.size();
    }
}
