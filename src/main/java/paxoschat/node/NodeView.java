package paxoschat.node;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.PaxosNode;

/**
 * An immutable snapshot of the node's state, published by the node thread after every
 * input, so request and health threads can read it without touching the (not thread-safe)
 * PaxosNode.
 */
public record NodeView(int node, boolean ready, boolean recovering, boolean leading, Ballot ballot,
                       int leaderHint, long decided, long logLength, boolean crashed) {

    /** The node's state now; on the node thread. */
    static NodeView of(PaxosNode node) {
        return new NodeView(node.id(), node.isReady(), node.isRecovering(), node.isLeading(), node.ballot(),
                node.leaderHint(), node.decided(), node.chatLog().size(), node.isCrashed());
    }
}
