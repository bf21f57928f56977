package paxoschat.paxos;

import java.util.HashSet;
import java.util.Set;

/**
 * Who leads: when this node campaigns, when a preempted leader resumes, and where a
 * replica sends its requests. Policy only, steered by the failure detector's
 * {@link PeerViews}: safety never depends on it (two leaders at once only slow each other
 * down). The leader itself, its ballots and phases, are {@link Leader}'s.
 */
final class Election {

    private final PaxosConfig config;
    private final PeerViews peers;
    private final Leader leader;
    /** Peers this node has seen up at least once, and ticks since that set last grew. */
    private final Set<Integer> seenUp = new HashSet<>();
    private int ticksSinceNewPeer;
    /** Restarted from disk with a promise: a cluster with a history (see shouldCampaign). */
    private boolean restoredPromise;
    /** Whether this node has known a leader (itself or a peer) since it started. */
    private boolean knewLeader;
    /** Preempted, and waiting to take over again (see campaignIfDue). */
    private boolean incumbent;

    Election(PaxosConfig config, PeerViews peers, Leader leader) {
        this.config = config;
        this.peers = peers;
        this.leader = leader;
    }

    void restoredPromise(boolean restored) {
        this.restoredPromise = restored;
    }

    void tick() {
        ticksSinceNewPeer++;
    }

    /** Leading, campaigning, or an incumbent waiting to resume (see campaignIfDue). */
    boolean isLeading() {
        return !leader.isIdle() || incumbent;
    }

    boolean incumbent() {
        return incumbent;
    }

    /** A peer's new status, recorded in the peer views already. */
    void observed(PeerStatus status) {
        if (status.up() && seenUp.add(status.node())) {
            ticksSinceNewPeer = 0;
        }
        knewLeader |= PeerViews.isLeading(status);
        if (PeerViews.isLeading(status) && status.ballot().greaterThan(leader.ballot())) {
            // Another leader holds a higher ballot: an idle leader would only learn that from
            // its next refused 2a, and meanwhile both would report themselves leading.
            leader.preempted(status.ballot());
        }
    }

    /**
     * A leader that was preempted stays the incumbent unless another candidate is leading:
     * the preemption may come from a restarted server's recovery ballot (see Recovery) or
     * from a server that is gone. While a peer is recovering the incumbent waits, reporting
     * itself as leading so nobody else campaigns; outbidding the recovery would only make
     * the two chase each other's ballots. Then it takes over again, so restarting another
     * server never moves leadership.
     *
     * @param above   the highest ballot this node knows (seen or promised): a campaign's
     *                ballot is above it
     * @param decided how many slots this node's replica has decided
     */
    void campaignIfDue(Ballot above, long decided, Outbox out) {
        if (leader.takePreemption() != null) {
            incumbent = true;
        }
        if (incumbent) {
            if (peers.otherLeaderUp()) {
                incumbent = false;
            } else if (!peers.anyRecovering() && peers.votersUp() >= config.majority()) {
                incumbent = false;
                leader.campaign(above, out);
            }
        } else if (shouldCampaign(decided)) {
            leader.campaign(above, out);
        }
    }

    /**
     * This node if it leads or campaigns; else the leader it knows of; else the owner of
     * the ballot it promised, if that is a candidate; else -1.
     */
    int leaderTarget(Ballot promised) {
        if (!leader.isIdle()) {
            return config.node();
        }
        PeerStatus best = peers.bestLeader();
        if (best != null) {
            return best.node();
        }
        int owner = promised.leader();
        return owner >= 0 && owner != config.node() && peers.isCandidate(owner) ? owner : -1;
    }

    /**
     * Campaign if no other candidate leads and this is the lowest-numbered candidate. A
     * leader keeps leading while it is up, so restarting another server never moves
     * leadership. Servers starting together would each see the others down and campaign
     * as the lowest server up, and duel for seconds while the others start. So a node
     * campaigns only once it has heard of every peer, sees a majority that could vote,
     * and, in a first start, has either seen every peer up or seen no new one come up for
     * electionQuietTicks. Servers that restart into a cluster with a history (a promise of
     * theirs on disk, or a decision of theirs or of a peer) do not wait: the peers still
     * down are crashed, not starting, and waiting would only delay the next decision.
     */
    private boolean shouldCampaign(long decided) {
        if (peers.heard() < config.clusterSize() - 1 || peers.votersUp() < config.majority()
                || peers.otherLeaderUp()) {
            return false;
        }
        knewLeader |= leader.mode() == Leader.Mode.ACTIVE;
        if (!knewLeader && firstStart(decided) && seenUp.size() < config.clusterSize() - 1
                && ticksSinceNewPeer < config.electionQuietTicks()) {
            return false;
        }
        for (int n = 0; n < config.node(); n++) {
            if (peers.isCandidate(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Nothing decided anywhere this node heard of, and it came back with no promise of its
     * own: a first start. Ballots seen in this life do not count, or the first campaign of
     * a cluster still starting would lift the wait for every server that hears of it.
     */
    private boolean firstStart(long decided) {
        return !restoredPromise && decided == 0 && !peers.anyDecided();
    }
}
