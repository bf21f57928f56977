package paxoschat.health;

import java.util.function.IntPredicate;

import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;

/**
 * Which peers the failure detector polls in a round. A follower that sees a live leader
 * needs the leader's health quickly only if it is the leader's successor, the lowest
 * candidate after it, which campaigns when the leader fails: it polls the leader every
 * round, learns of its failure within one, and campaigns. The next candidate after the
 * successor polls the successor every round: when both crash together, it learns within a
 * round that it is the successor now, and then of the leader's death (with background
 * polls only, that took up to heartbeat-background-interval, 3 s). The other followers poll the
 * leader in the background like everyone else, and at once when a message to it fails
 * (a crashed leader refuses the connection, see {@link HeartbeatMonitor#suspect}): they
 * need the news only when they have something for the leader. A follower that stops
 * seeing a leader polls everybody fast until a leader is back, so the election works from
 * fresh news. A campaigning or recovering server, or one that is not ready, polls
 * everybody fast: its next step depends on who is up and who is recovering. The leader
 * polls fast the peers that are down or recovering, so it learns at once that a restarted
 * server recovers (and waits for it rather than outbidding its recovery ballot), and the
 * others every follower interval: a follower that crashed and restarted in between is
 * seen recovering within that. Everyone else is polled in the background, so ten idle
 * servers cost a fraction of all-to-all fast polling (each poll costs both sides one to
 * two milliseconds of CPU on a small JVM among ten; nine followers polling the leader
 * every round were half of what ten idle servers spent). So is every peer that is up while
 * a server has never known a leader: servers starting together elect once they are all up
 * (see PaxosNode), and fast polls of servers still starting would only slow their start.
 */
final class PollSchedule {

    private final int self;
    private final long backgroundNanos;
    private final long followerNanos;
    private boolean knewLeader;
    private Ballot lastBallot;

    PollSchedule(int self, long backgroundNanos, long followerNanos) {
        this.self = self;
        this.backgroundNanos = backgroundNanos;
        this.followerNanos = followerNanos;
    }

    /**
     * Begins a round with this server's view; returns whether the ballot it knows of changed
     * since the last round, when it polls everybody once. A new ballot means an election:
     * what it knew of peers it polls only in the background may be stale, above all whether
     * the peers below it are up, which decides whether it is the new leader's successor. (A
     * follower that kept seeing a crashed old leader up would otherwise not watch the new
     * one.) Every round also notes whether a leader was ever known, here and not in
     * {@link #due}, which a round that polls everybody never asks: a leader known for only
     * that round (crashed with its successor right after the first election, as in
     * 5_send_right_after_two_crashes) is still one this server knew, so it polls everybody
     * fast to elect the next rather than wait for background polls (3 s).
     */
    boolean startRound(NodeView view) {
        knewLeader |= view.leaderHint() >= 0;
        boolean changed = !view.ballot().equals(lastBallot);
        lastBallot = view.ballot();
        return changed;
    }

    /**
     * The peer this follower polls every round, or -1: the leader if this server is its
     * successor (no peer numbered below it, other than the leader, is a candidate: up and
     * not recovering, as far as {@code candidate} knows), the successor if this server is
     * the next candidate after it. Only while it follows a leader it knows of.
     */
    int watched(NodeView view, IntPredicate candidate) {
        int leader = view.leaderHint();
        if (leader < 0 || leader == self || view.leading()) {
            return -1;
        }
        int successor = -1;
        for (int peer = 0; peer < self; peer++) {
            if (peer != leader && candidate.test(peer)) {
                if (successor >= 0) {
                    return -1; // two candidates before this server
                }
                successor = peer;
            }
        }
        return successor < 0 ? leader : successor;
    }

    /**
     * Whether {@code peer}, last polled {@code sinceLastPollNanos} ago and up (and
     * recovering) at that poll or not, is due in this round; {@code watched} as
     * {@link #watched} says.
     */
    boolean due(NodeView view, int peer, boolean peerUp, boolean peerRecovering, long sinceLastPollNanos,
                int watched) {
        // While servers start together, a peer not up yet is polled fast (a refused
        // connection costs little): the election waits for the last one to come up.
        return peer != self && (pollsEveryoneFast(view) || peer == watched
                || (view.leading() && (!peerUp || peerRecovering))
                || (!knewLeader && !peerUp)
                || sinceLastPollNanos >= (view.leading() ? followerNanos : backgroundNanos));
    }

    private boolean pollsEveryoneFast(NodeView view) {
        return view.recovering() || !view.ready() || (view.leaderHint() < 0 && knewLeader)
                || (view.leaderHint() == self && !view.leading());
    }
}
