package paxoschat.health;

import paxoschat.server.NodeView;

/**
 * Which peers the failure detector polls in a round. A follower that sees a live leader
 * only needs that leader's health quickly: when it fails, the follower learns of it within
 * one fast round, stops seeing a leader, and from then on polls everybody fast until a
 * leader is back, so the election works from fresh news. A campaigning or recovering
 * server, or one that is not ready, polls everybody fast: its next step depends on who is
 * up and who is recovering. The leader polls fast the peers that are down or recovering,
 * so it learns at once that a restarted server recovers (and waits for it rather than
 * outbidding its recovery ballot), and the others every follower interval: a follower
 * that crashed and restarted in between is seen recovering within that. Everyone else is
 * polled in the background, so ten idle servers cost a fraction of all-to-all fast polling
 * (each poll costs both sides one to two milliseconds of CPU on a small JVM among ten). So is
 * every peer that is up while a server has never known a leader: servers starting
 * together elect once they are all up (see PaxosNode), and fast polls of servers still
 * starting would only slow their start.
 */
final class PollSchedule {

    private final int self;
    private final long backgroundNanos;
    private final long followerNanos;
    private boolean knewLeader;

    PollSchedule(int self, long backgroundNanos, long followerNanos) {
        this.self = self;
        this.backgroundNanos = backgroundNanos;
        this.followerNanos = followerNanos;
    }

    /**
     * Whether {@code peer}, last polled {@code sinceLastPollNanos} ago and up (and
     * recovering) at that poll or not, is due in this round.
     */
    boolean due(NodeView view, int peer, boolean peerUp, boolean peerRecovering, long sinceLastPollNanos) {
        knewLeader |= view.leaderHint() >= 0;
        // While servers start together, a peer not up yet is polled fast (a refused
        // connection costs little): the election waits for the last one to come up.
        return peer != self && (pollsEveryoneFast(view) || peer == view.leaderHint()
                || (view.leading() && (!peerUp || peerRecovering))
                || (!knewLeader && !peerUp)
                || sinceLastPollNanos >= (view.leading() ? followerNanos : backgroundNanos));
    }

    private boolean pollsEveryoneFast(NodeView view) {
        return view.recovering() || !view.ready() || (view.leaderHint() < 0 && knewLeader)
                || (view.leaderHint() == self && !view.leading());
    }
}
