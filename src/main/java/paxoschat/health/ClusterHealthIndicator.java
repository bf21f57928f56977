package paxoschat.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;

/**
 * The "cluster" health component ({@code /actuator/health/cluster}): the cluster as this
 * server sees it, for dashboards and operators, and part of readiness. DOWN when this
 * server cannot reach a majority that can vote (itself, and peers up and not recovering,
 * as {@link HeartbeatMonitor#seesMajority} counts), since it can then neither decide a
 * write nor serve a linearizable read. Every peer with its URL, whether its last heartbeat
 * answered, its role and decided slot as it said then; the leader this server knows of and
 * its URL; the quorum arithmetic.
 *
 * <p>Not the heartbeat's payload ({@link PaxosHealthIndicator} is): peers poll that many
 * times a second, and this one costs a list per call. What it says of a peer is as fresh as
 * this server's last poll of it, which for a follower may be a few seconds old
 * (paxos.heartbeat-background-interval); that a peer is down is noticed sooner (a failed
 * message to it makes this server poll it at once).
 */
@Component(ClusterHealthIndicator.NAME)
class ClusterHealthIndicator implements HealthIndicator {

    static final String NAME = "cluster";

    private final NodeRunner runner;
    private final HeartbeatMonitor heartbeats;
    private final PaxosProperties properties;

    ClusterHealthIndicator(NodeRunner runner, HeartbeatMonitor heartbeats, PaxosProperties properties) {
        this.runner = runner;
        this.heartbeats = heartbeats;
        this.properties = properties;
    }

    @Override
    public Health health() {
        NodeView self = runner.view();
        int n = properties.clusterSize();
        List<Map<String, Object>> peers = new ArrayList<>(n);
        int reachable = 0;
        // As HeartbeatMonitor.seesMajority counts: itself, and the peers up and not recovering.
        int voters = 1;
        for (int i = 0; i < n; i++) {
            Map<String, Object> peer;
            if (i == self.node()) {
                peer = peer(i, true, true, role(self.leaderHint() == i, self.leading(), self.recovering(), true),
                        self.ballot(), self.decided());
            } else {
                PeerStatus s = heartbeats.lastSeen(i);
                peer = peer(i, false, s.up(), role(self.leaderHint() == i && s.up(), s.leading(), s.recovering(), s.up()),
                        s.ballot(), s.decided());
            }
            if ((Boolean) peer.get("up")) {
                reachable++;
                if (i != self.node() && !"recovering".equals(peer.get("role"))) {
                    voters++;
                }
            }
            peers.add(peer);
        }
        boolean quorum = voters >= properties.majority();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("size", n);
        q.put("majority", properties.majority());
        q.put("reachable", reachable);
        q.put("voters", voters);
        q.put("hasQuorum", quorum);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", self.node());
        details.put("url", properties.peerUrl(self.node()));
        details.put("leader", self.leaderHint());
        // null when no leader is known: a field that is always there is easier to read.
        details.put("leaderUrl", self.leaderHint() >= 0 ? properties.peerUrl(self.leaderHint()) : null);
        details.put("quorum", q);
        details.put("peers", peers);
        return (quorum ? Health.up() : Health.down()).withDetails(details).build();
    }

    /**
     * leader: the one this server follows (or itself, leading); candidate: campaigning (or
     * claiming to lead in a ballot this server does not follow); recovering: restarted
     * amnesiac, not voting yet; follower; down: its last heartbeat failed.
     */
    static String role(boolean known, boolean leading, boolean recovering, boolean up) {
        if (!up) {
            return "down";
        } else if (recovering) {
            return "recovering";
        } else if (known) {
            return "leader";
        } else if (leading) {
            return "candidate";
        }
        return "follower";
    }

    private Map<String, Object> peer(int node, boolean self, boolean up, String role, Ballot ballot, long decided) {
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("node", node);
        peer.put("url", properties.peerUrl(node));
        peer.put("self", self);
        peer.put("up", up);
        peer.put("role", role);
        if (up) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("round", ballot.round());
            b.put("leader", ballot.leader());
            peer.put("ballot", b);
            peer.put("decided", decided);
        } else {
            // Not known: a heartbeat that fails says nothing of the peer's state.
            peer.put("ballot", null);
            peer.put("decided", null);
        }
        return peer;
    }
}
