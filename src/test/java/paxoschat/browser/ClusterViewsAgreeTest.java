package paxoschat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.health.ClusterHealthIndicator;
import paxoschat.health.ClusterSnapshot;
import paxoschat.health.ClusterSnapshot.Peer;
import paxoschat.health.ClusterSnapshot.Quorum;
import paxoschat.health.ClusterSnapshot.Role;
import paxoschat.paxos.Ballot;

/**
 * {@code /actuator/health/cluster} and {@code GET /cluster} are two serialisations of one
 * {@link ClusterSnapshot}: from the same snapshot they name the same servers with the same
 * state, the same leader and the same quorum.
 */
class ClusterViewsAgreeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<Peer> peers(Role roleOfOne) {
        return List.of(
                new Peer(0, "http://a:1", false, true, Role.FOLLOWER, new Ballot(3, 1), 11L),
                new Peer(1, "http://b:2", true, true, roleOfOne, new Ballot(3, 1), 12L),
                new Peer(2, "http://c:3", false, true, Role.RECOVERING, new Ballot(0, -1), 0L),
                new Peer(3, "http://d:4", false, true, Role.CANDIDATE, new Ballot(2, 3), 5L),
                new Peer(4, "http://e:5", false, false, Role.DOWN, null, null));
    }

    @Test
    void bothSayTheSameOfOneSnapshot() {
        assertAgree(new ClusterSnapshot(1, 1, new Quorum(5, 3, 4, 3), peers(Role.LEADER)), Status.UP);
    }

    @Test
    void bothSayTheSameWithoutALeaderOrAQuorum() {
        assertAgree(new ClusterSnapshot(1, -1, new Quorum(5, 3, 4, 2), peers(Role.FOLLOWER)), Status.DOWN);
    }

    private static void assertAgree(ClusterSnapshot snapshot, Status status) {
        Health health = ClusterHealthIndicator.health(snapshot);
        assertThat(health.getStatus()).isEqualTo(status);
        JsonNode h = JSON.valueToTree(health.getDetails());
        JsonNode c = JSON.valueToTree(ClusterController.of(snapshot));

        assertThat(c.get("node")).isEqualTo(h.get("node"));
        assertThat(c.get("leader")).isEqualTo(h.get("leader"));
        assertThat(c.get("quorum")).isEqualTo(h.get("quorum"));
        assertThat(c.get("majority")).isEqualTo(h.get("quorum").get("majority"));
        assertThat(h.get("quorum").get("hasQuorum").asBoolean()).isEqualTo(status == Status.UP);
        assertThat(h.get("url").asString()).isEqualTo(c.get("peers").get(snapshot.node()).asString());
        if (snapshot.leader() >= 0) {
            assertThat(h.get("leaderUrl").asString()).isEqualTo(c.get("peers").get(snapshot.leader()).asString());
        } else {
            assertThat(h.get("leaderUrl").isNull()).isTrue();
        }

        assertThat(c.get("servers")).hasSize(snapshot.peers().size());
        assertThat(h.get("peers")).hasSize(snapshot.peers().size());
        for (int i = 0; i < snapshot.peers().size(); i++) {
            JsonNode server = c.get("servers").get(i);
            JsonNode peer = h.get("peers").get(i);
            for (String field : new String[] {"node", "url", "self", "up", "role", "decided"}) {
                assertThat(server.get(field)).as(i + " " + field).isEqualTo(peer.get(field));
            }
            assertThat(c.get("peers").get(i)).isEqualTo(peer.get("url"));
            // The same ballot, as the page's "round.leader" and as the health component's object.
            JsonNode ballot = peer.get("ballot");
            assertThat(server.get("ballot").isNull()).isEqualTo(ballot.isNull());
            if (!ballot.isNull()) {
                assertThat(server.get("ballot").asString())
                        .isEqualTo(ballot.get("round").asLong() + "." + ballot.get("leader").asInt());
            }
            assertThat(server.get("role").asString()).isEqualTo(snapshot.peers().get(i).role().label());
        }
    }
}
