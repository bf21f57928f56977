package paxoschat.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import paxoschat.health.HeartbeatMonitor;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;

/**
 * {@code GET /cluster}: the cluster as this server sees it, for the pages: this server's id,
 * every server's base URL (index = node id; the chat page follows another server from this
 * list when its own fails), and each server's state: this server's from the node's published
 * view, the others' from their last heartbeat. Same-origin only (no CORS): the dashboard
 * reads it from the server it came from.
 */
@RestController
class ClusterController {

    /**
     * @param node     the server that answers
     * @param peers    every server's base URL, index = node id
     * @param majority servers a decision needs
     * @param servers  each server's state, index = node id
     */
    record Cluster(int node, List<String> peers, int majority, List<Server> servers) {
    }

    /**
     * @param role    leader, follower, recovering, catching up (ready only known of this
     *                server), or down
     * @param ballot  the highest ballot it has seen, {@code round.leader}
     * @param decided the slots it has decided
     * @param self    true for the answering server (its own view, exact); false for a peer
     *                (its last heartbeat, as old as the heartbeat schedule)
     */
    record Server(int node, String url, boolean up, String role, String ballot, long decided, boolean self) {
    }

    private final PaxosProperties properties;
    private final NodeRunner runner;
    private final HeartbeatMonitor heartbeats;
    private final List<String> peers;

    ClusterController(PaxosProperties properties, NodeRunner runner, HeartbeatMonitor heartbeats) {
        this.properties = properties;
        this.runner = runner;
        this.heartbeats = heartbeats;
        this.peers = peerUrls(properties);
    }

    /** Every server's base URL without a trailing slash, index = node id. */
    static List<String> peerUrls(PaxosProperties properties) {
        return IntStream.range(0, properties.clusterSize()).mapToObj(properties::peerUrl).toList();
    }

    @GetMapping("/cluster")
    Cluster cluster() {
        int self = properties.nodeId();
        List<Server> servers = new ArrayList<>(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            if (i == self) {
                NodeView v = runner.view();
                String role = v.recovering() ? "recovering" : v.leading() ? "leader"
                        : v.ready() ? "follower" : "catching up";
                servers.add(new Server(i, peers.get(i), true, role, ballot(v.ballot()), v.decided(), true));
            } else {
                PeerStatus p = heartbeats.lastSeen(i);
                String role = !p.up() ? "down" : p.recovering() ? "recovering" : p.leading() ? "leader" : "follower";
                servers.add(new Server(i, peers.get(i), p.up(), role, p.up() ? ballot(p.ballot()) : null,
                        p.decided(), false));
            }
        }
        return new Cluster(self, peers, properties.majority(), servers);
    }

    private static String ballot(Ballot b) {
        return b.round() + "." + b.leader();
    }
}
