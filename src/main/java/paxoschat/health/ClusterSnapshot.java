package paxoschat.health;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import paxoschat.paxos.Ballot;

/**
 * The cluster as this server sees it at one moment: the one source of both
 * {@code /actuator/health/cluster} ({@link ClusterHealthIndicator}) and {@code GET /cluster}
 * (the dashboard's), built by {@link ClusterView}. What this server says of itself is exact
 * (its node's published view); what it says of a peer is that peer's last heartbeat, as old
 * as the heartbeat schedule.
 *
 * @param node   this server's node id
 * @param leader the node this server follows (itself when it leads or campaigns), -1 if it
 *               knows of none
 * @param quorum whether this server reaches a majority that can vote
 * @param peers  every server of the cluster, this one included, index = node id
 */
public record ClusterSnapshot(int node, int leader, Quorum quorum, List<Peer> peers) {

    public ClusterSnapshot {
        peers = List.copyOf(peers);
        if (node < 0 || node >= peers.size() || leader < -1 || leader >= peers.size()) {
            throw new IllegalArgumentException("node " + node + " or leader " + leader + " not among " + peers.size());
        }
        Objects.requireNonNull(quorum, "quorum");
        for (int i = 0; i < peers.size(); i++) {
            Peer p = peers.get(i);
            if (p.node() != i || p.self() != (i == node) || (p.role() == Role.LEADER && i != leader)) {
                throw new IllegalArgumentException("peer " + i + " is " + p + " in the view of " + node
                        + " following " + leader);
            }
        }
    }

    /** This server's base URL. */
    public String url() {
        return peers.get(node).url();
    }

    /** The base URL of the leader this server follows, or null when it knows of none. */
    public String leaderUrl() {
        return leader >= 0 ? peers.get(leader).url() : null;
    }

    /** Every server's base URL, index = node id. */
    public List<String> urls() {
        return peers.stream().map(Peer::url).toList();
    }

    /**
     * One server as this one sees it. {@code up}: this server itself, or a peer whose last
     * heartbeat answered (a recovering peer answers, so it is up). A peer that is down says
     * nothing of its state: its ballot and decided slot are then unknown (null), never a
     * stale or made-up value.
     *
     * @param url     its base URL without a trailing slash
     * @param self    true for the server that answers (its own view, exact)
     * @param ballot  the highest ballot it has seen; null when down
     * @param decided the slots it has decided; null when down
     */
    public record Peer(int node, String url, boolean self, boolean up, Role role, Ballot ballot, Long decided) {

        public Peer {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(role, "role");
            if (up != (role != Role.DOWN) || up != (ballot != null) || up != (decided != null) || (self && !up)) {
                throw new IllegalArgumentException("inconsistent peer " + node + ": up " + up + ", role " + role
                        + ", ballot " + ballot + ", decided " + decided + ", self " + self);
            }
        }
    }

    /**
     * A server's role as this server sees it; at most one server is {@code LEADER}, since
     * it is the one this server follows, not any that claims to lead.
     */
    public enum Role {
        /** The one this server follows, or this server itself while it leads or campaigns. */
        LEADER,
        /** Claims to lead (leads or campaigns) but is not the one this server follows. */
        CANDIDATE,
        /** Restarted amnesiac, not voting yet (it answers heartbeats, so it is up). */
        RECOVERING,
        FOLLOWER,
        /** Its last heartbeat failed. */
        DOWN;

        /** The name both endpoints show. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param size      servers in the cluster
     * @param majority  servers a decision needs
     * @param reachable servers up, this one and recovering peers included
     * @param voters    servers that can vote now: this one, and peers up and not recovering
     *                  (as {@link HeartbeatMonitor#seesMajority} counts)
     */
    public record Quorum(int size, int majority, int reachable, int voters) {

        /** Voters reach the majority: this server can decide a write and serve a linearizable read. */
        public boolean hasQuorum() {
            return voters >= majority;
        }
    }
}
