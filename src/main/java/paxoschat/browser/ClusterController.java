package paxoschat.browser;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import paxoschat.health.ClusterSnapshot;
import paxoschat.health.ClusterView;

/**
 * {@code GET /cluster}: the {@link ClusterSnapshot} (the same one
 * {@code /actuator/health/cluster} shows) in the shape the pages read: every server's base
 * URL (index = node id; the chat page follows another server from this list when its own
 * fails), and each server's state for the dashboard. Same-origin only (no CORS): the
 * dashboard reads it from the server it came from.
 */
@RestController
class ClusterController {

    /**
     * @param node     the server that answers
     * @param peers    every server's base URL, index = node id
     * @param majority servers a decision needs
     * @param leader   the node the answering server follows, -1 if none
     * @param quorum   whether the answering server reaches a majority that can vote
     * @param servers  each server's state, index = node id
     */
    record Cluster(int node, List<String> peers, int majority, int leader, Quorum quorum, List<Server> servers) {
    }

    /** As {@link ClusterSnapshot.Quorum}, with its verdict spelt out as in the health component. */
    record Quorum(int size, int majority, int reachable, int voters, boolean hasQuorum) {
    }

    /**
     * @param role    as {@link ClusterSnapshot.Role#label()}
     * @param ballot  the highest ballot it has seen, {@code round.leader}; null when down
     * @param decided the slots it has decided; null when down
     * @param self    true for the answering server (its own view, exact); false for a peer
     *                (its last heartbeat, as old as the heartbeat schedule)
     */
    record Server(int node, String url, boolean up, String role, String ballot, Long decided, boolean self) {
    }

    private final ClusterView view;

    ClusterController(ClusterView view) {
        this.view = view;
    }

    @GetMapping("/cluster")
    Cluster cluster() {
        return of(view.snapshot());
    }

    static Cluster of(ClusterSnapshot cluster) {
        List<Server> servers = cluster.peers().stream()
                .map(p -> new Server(p.node(), p.url(), p.up(), p.role().label(),
                        p.ballot() == null ? null : p.ballot().toString(), p.decided(), p.self()))
                .toList();
        ClusterSnapshot.Quorum q = cluster.quorum();
        return new Cluster(cluster.node(), cluster.urls(), q.majority(), cluster.leader(),
                new Quorum(q.size(), q.majority(), q.reachable(), q.voters(), q.hasQuorum()), servers);
    }
}
