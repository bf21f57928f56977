package paxoschat.health;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.springframework.stereotype.Component;

import paxoschat.health.ClusterSnapshot.Peer;
import paxoschat.health.ClusterSnapshot.Quorum;
import paxoschat.health.ClusterSnapshot.Role;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;

/**
 * Builds the {@link ClusterSnapshot} both cluster endpoints serialise, from this node's
 * published view and the peers' last heartbeats, so that the health component and the
 * dashboard cannot tell two stories. Costs a list per call: not for the heartbeat path.
 */
@Component
public class ClusterView {

    private final NodeRunner runner;
    private final HeartbeatMonitor heartbeats;
    private final List<String> urls;
    private final int majority;

    ClusterView(NodeRunner runner, HeartbeatMonitor heartbeats, PaxosProperties properties) {
        this.runner = runner;
        this.heartbeats = heartbeats;
        this.urls = peerUrls(properties);
        this.majority = properties.majority();
    }

    /** Every server's base URL without a trailing slash, index = node id. */
    public static List<String> peerUrls(PaxosProperties properties) {
        return IntStream.range(0, properties.clusterSize()).mapToObj(properties::peerUrl).toList();
    }

    /** The cluster as this server sees it now. */
    public ClusterSnapshot snapshot() {
        return of(runner.view(), heartbeats::lastSeen, urls, majority);
    }

    /**
     * The snapshot of {@code self}'s view and the peers' last heartbeats ({@code lastSeen},
     * by node id; never asked for {@code self}).
     */
    static ClusterSnapshot of(NodeView self, IntFunction<PeerStatus> lastSeen, List<String> urls, int majority) {
        int leader = self.leaderHint();
        List<Peer> peers = new ArrayList<>(urls.size());
        int reachable = 0;
        int voters = 0;
        for (int i = 0; i < urls.size(); i++) {
            Peer peer;
            if (i == self.node()) {
                peer = new Peer(i, urls.get(i), true, true, role(leader == i, self.leading(), self.recovering()),
                        self.ballot(), self.decided());
            } else {
                PeerStatus s = lastSeen.apply(i);
                peer = s.up()
                        ? new Peer(i, urls.get(i), false, true, role(leader == i, s.leading(), s.recovering()),
                                s.ballot(), s.decided())
                        : new Peer(i, urls.get(i), false, false, Role.DOWN, null, null);
            }
            if (peer.up()) {
                reachable++;
                // Itself always, as HeartbeatMonitor.seesMajority counts, which readiness and posts rely on.
                if (peer.self() || peer.role() != Role.RECOVERING) {
                    voters++;
                }
            }
            peers.add(peer);
        }
        return new ClusterSnapshot(self.node(), leader, new Quorum(urls.size(), majority, reachable, voters), peers);
    }

    /** The role of a server that is up; see {@link Role}. */
    private static Role role(boolean followed, boolean leading, boolean recovering) {
        if (recovering) {
            return Role.RECOVERING;
        } else if (followed) {
            return Role.LEADER;
        } else if (leading) {
            return Role.CANDIDATE;
        }
        return Role.FOLLOWER;
    }
}
