package paxoschat.paxos;

import java.util.HashMap;
import java.util.Map;

/**
 * What one node last heard of each peer from the failure detector ({@link PeerStatus}).
 * These views only steer liveness (who campaigns, whom to ask, where to route requests),
 * never safety: they may be late, lost or stale.
 */
final class PeerViews {

    private final int self;
    private final Map<Integer, PeerStatus> peers = new HashMap<>();

    PeerViews(int self) {
        this.self = self;
    }

    /** Records a status; returns false for a status of this node itself, which is ignored. */
    boolean record(PeerStatus status) {
        if (status.node() == self) {
            return false;
        }
        peers.put(status.node(), status);
        return true;
    }

    /** The last status of {@code node}, or null if none arrived yet. */
    PeerStatus get(int node) {
        return peers.get(node);
    }

    /** How many peers this node has heard of at all. */
    int heard() {
        return peers.size();
    }

    /** A peer that answers, claims to lead and is not recovering. */
    static boolean isLeading(PeerStatus p) {
        return p.up() && p.leading() && !p.recovering();
    }

    boolean otherLeaderUp() {
        return peers.values().stream().anyMatch(PeerViews::isLeading);
    }

    /** The peer leading with the highest ballot, or null. */
    PeerStatus bestLeader() {
        PeerStatus best = null;
        for (PeerStatus p : peers.values()) {
            if (isLeading(p) && (best == null || p.ballot().greaterThan(best.ballot()))) {
                best = p;
            }
        }
        return best;
    }

    /** This node and the peers that are up and may vote (not recovering), as far as it knows. */
    int votersUp() {
        int count = 1;
        for (PeerStatus p : peers.values()) {
            if (p.votes()) {
                count++;
            }
        }
        return count;
    }

    boolean anyRecovering() {
        return peers.values().stream().anyMatch(p -> p.up() && p.recovering());
    }

    boolean isRecovering(int node) {
        PeerStatus p = peers.get(node);
        return p != null && p.up() && p.recovering();
    }

    /** A peer that is up and not recovering: one that could lead. */
    boolean isCandidate(int node) {
        PeerStatus p = peers.get(node);
        return p != null && p.votes();
    }

    /** Not known to be down: a peer never heard of counts as possibly up. */
    boolean mayBeUp(int node) {
        PeerStatus p = peers.get(node);
        return p == null || p.up();
    }

    /** Whether any peer reported a decided slot. */
    boolean anyDecided() {
        return peers.values().stream().anyMatch(p -> p.decided() > 0);
    }

    @Override
    public String toString() {
        return peers.values().toString();
    }
}
