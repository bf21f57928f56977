package paxoschat.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import paxoschat.health.ClusterSnapshot.Peer;
import paxoschat.health.ClusterSnapshot.Quorum;

/**
 * The "cluster" health component ({@code /actuator/health/cluster}): the
 * {@link ClusterSnapshot} as health details, for dashboards and operators, and part of
 * readiness. DOWN when this server cannot reach a majority that can vote, since it can then
 * neither decide a write nor serve a linearizable read.
 *
 * <p>Not the heartbeat's payload ({@link PaxosHealthIndicator} is): peers poll that many
 * times a second, and this one costs a list per call. What it says of a peer is as fresh as
 * this server's last poll of it, which for a follower may be a few seconds old
 * (paxos.heartbeat-background-interval); that a peer is down is noticed sooner (a failed
 * message to it makes this server poll it at once).
 */
@Component(ClusterHealthIndicator.NAME)
public class ClusterHealthIndicator implements HealthIndicator {

    static final String NAME = "cluster";

    private final ClusterView view;

    ClusterHealthIndicator(ClusterView view) {
        this.view = view;
    }

    @Override
    public Health health() {
        return health(view.snapshot());
    }

    /**
     * The component for {@code cluster}. Maps in a fixed order (Map.of's changes from one JVM
     * to the next, and so would the body), and a field that is unknown is there as null: a
     * field that is always there is easier to read.
     */
    public static Health health(ClusterSnapshot cluster) {
        Quorum quorum = cluster.quorum();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("size", quorum.size());
        q.put("majority", quorum.majority());
        q.put("reachable", quorum.reachable());
        q.put("voters", quorum.voters());
        q.put("hasQuorum", quorum.hasQuorum());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", cluster.node());
        details.put("url", cluster.url());
        details.put("leader", cluster.leader());
        details.put("leaderUrl", cluster.leaderUrl());
        details.put("quorum", q);
        details.put("peers", cluster.peers().stream().map(ClusterHealthIndicator::peer).toList());
        return (quorum.hasQuorum() ? Health.up() : Health.down()).withDetails(details).build();
    }

    private static Map<String, Object> peer(Peer peer) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("node", peer.node());
        p.put("url", peer.url());
        p.put("self", peer.self());
        p.put("up", peer.up());
        p.put("role", peer.role().label());
        Map<String, Object> ballot = null;
        if (peer.ballot() != null) {
            ballot = new LinkedHashMap<>();
            ballot.put("round", peer.ballot().round());
            ballot.put("leader", peer.ballot().leader());
        }
        p.put("ballot", ballot);
        p.put("decided", peer.decided());
        return p;
    }
}
