package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import paxoschat.health.ClusterSnapshot.Peer;
import paxoschat.health.ClusterSnapshot.Role;
import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.PeerStatus;

/** The one cluster view both endpoints show: roles, unknowns and quorum arithmetic. */
class ClusterViewTest {

    private static final List<String> URLS = List.of("http://a:1", "http://b:2", "http://c:3", "http://d:4", "http://e:5");
    private static final Ballot B = new Ballot(4, 1);

    private static NodeView self(int leaderHint, boolean leading, boolean recovering) {
        return new NodeView(0, !recovering, recovering, leading, B, leaderHint, 9, 9, false);
    }

    private static PeerStatus up(int node, boolean leading, boolean recovering) {
        return new PeerStatus(node, true, recovering, leading, B, 7);
    }

    private static ClusterSnapshot of(NodeView self, Map<Integer, PeerStatus> seen) {
        return ClusterView.of(self, i -> seen.getOrDefault(i, PeerStatus.down(i)), URLS, 3);
    }

    @Test
    void theLeaderIsTheOneThisServerFollowsAndAnotherClaimantACandidate() {
        ClusterSnapshot c = of(self(1, false, false), Map.of(1, up(1, true, false), 2, up(2, true, false),
                3, up(3, false, true)));
        assertThat(c.peers()).extracting(Peer::role)
                .containsExactly(Role.FOLLOWER, Role.LEADER, Role.CANDIDATE, Role.RECOVERING, Role.DOWN);
        assertThat(c.leader()).isEqualTo(1);
        assertThat(c.leaderUrl()).isEqualTo("http://b:2");
        assertThat(c.url()).isEqualTo("http://a:1");
        assertThat(c.peers().get(0).self()).isTrue();
        assertThat(c.peers().get(0).decided()).isEqualTo(9);
        assertThat(c.peers().get(1).decided()).isEqualTo(7);
        // Down says nothing of the peer's state: unknown, not PeerStatus.down's zeros.
        Peer down = c.peers().get(4);
        assertThat(down.up()).isFalse();
        assertThat(down.ballot()).isNull();
        assertThat(down.decided()).isNull();
        // A recovering peer answers (reachable) but does not vote.
        assertThat(c.quorum().reachable()).isEqualTo(4);
        assertThat(c.quorum().voters()).isEqualTo(3);
        assertThat(c.quorum().hasQuorum()).isTrue();
    }

    @Test
    void aServerThatLeadsOrCampaignsIsTheLeaderOfItsOwnView() {
        ClusterSnapshot c = of(self(0, true, false), Map.of(1, up(1, false, false)));
        assertThat(c.peers()).extracting(Peer::role)
                .containsExactly(Role.LEADER, Role.FOLLOWER, Role.DOWN, Role.DOWN, Role.DOWN);
        assertThat(c.leaderUrl()).isEqualTo("http://a:1");
        assertThat(c.quorum().voters()).isEqualTo(2);
        assertThat(c.quorum().hasQuorum()).isFalse();
    }

    @Test
    void withoutALeaderItsUrlIsUnknownAndAFollowedPeerThatIsDownIsDown() {
        ClusterSnapshot none = of(self(-1, false, false), Map.of());
        assertThat(none.leader()).isEqualTo(-1);
        assertThat(none.leaderUrl()).isNull();
        ClusterSnapshot gone = of(self(2, false, false), Map.of());
        assertThat(gone.peers().get(2).role()).isEqualTo(Role.DOWN);
        assertThat(gone.leader()).isEqualTo(2);
        assertThat(gone.quorum().reachable()).isEqualTo(1);
    }

    @Test
    void aRecoveringServerShowsItselfRecoveringAndStillCountsItself() {
        ClusterSnapshot c = of(self(-1, false, true), Map.of(1, up(1, false, false), 2, up(2, false, false)));
        assertThat(c.peers().get(0).role()).isEqualTo(Role.RECOVERING);
        assertThat(c.quorum().voters()).isEqualTo(3);
    }

    @Test
    void aPeerThatContradictsItselfIsRefused() {
        assertThatThrownBy(() -> new Peer(1, "http://b:2", false, false, Role.FOLLOWER, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Peer(1, "http://b:2", false, true, Role.FOLLOWER, null, 3L))
                .isInstanceOf(IllegalArgumentException.class);
        // Only the server this one follows is its leader.
        Peer self = new Peer(0, "http://a:1", true, true, Role.FOLLOWER, B, 1L);
        Peer claimant = new Peer(1, "http://b:2", false, true, Role.LEADER, B, 1L);
        assertThatThrownBy(() -> new ClusterSnapshot(0, -1, new ClusterSnapshot.Quorum(2, 2, 2, 2), List.of(self, claimant)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClusterSnapshot(0, 1, new ClusterSnapshot.Quorum(2, 2, 2, 2), List.of(self, claimant)).leader())
                .isEqualTo(1);
    }
}
