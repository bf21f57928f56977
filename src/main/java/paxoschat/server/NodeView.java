package paxoschat.server;

import paxoschat.paxos.Ballot;

/**
 * An immutable snapshot of the node's state, published by the node thread after every
 * input, so request and health threads can read it without touching the (not thread-safe)
 * PaxosNode.
 */
public record NodeView(int node, boolean ready, boolean recovering, boolean leading, Ballot ballot,
                       int leaderHint, long decided, long logLength, boolean crashed) {
}
