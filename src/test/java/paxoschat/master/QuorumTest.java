package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Who can vote, and when a server restarted without its state can never recover. */
class QuorumTest {

    private static Optional<PaxosHealth> voter(int node) {
        return Optional.of(new PaxosHealth(node, 0, false, 1, 0, 0, 0, false, true));
    }

    private static Optional<PaxosHealth> recovering(int node) {
        return Optional.of(new PaxosHealth(node, 0, false, 1, 0, 0, 0, true, false));
    }

    @SafeVarargs
    private static Map<Integer, Optional<PaxosHealth>> alive(Optional<PaxosHealth>... health) {
        Map<Integer, Optional<PaxosHealth>> map = new LinkedHashMap<>();
        for (Optional<PaxosHealth> h : health) {
            map.put(h.map(PaxosHealth::node).orElse(map.size() + 100), h);
        }
        return map;
    }

    @Test
    void aRecoveringServerWithAMajorityOfVotersUpWillRecover() {
        Quorum q = Quorum.of(3, alive(voter(0), voter(2), recovering(1)));
        assertThat(q.canDecide()).isTrue();
        assertThat(q.stranded()).isEmpty();
    }

    @Test
    void recoveringServersDoNotCountAsVoters() {
        // Three servers, the leader bombed, a second crashed, both restarted: only 2 votes.
        Quorum q = Quorum.of(3, alive(recovering(0), recovering(1), voter(2)));
        assertThat(q.canDecide()).isFalse();
        assertThat(q.stranded()).containsExactly(0, 1);
        assertThat(q.explainStranded()).contains("servers 0, 1 were restarted", "from 2 servers", "1 is up (2)");
    }

    @Test
    void aSilentServerMightBeAVoterSoNobodyIsStrandedYet() {
        Quorum q = Quorum.of(5, alive(voter(0), voter(1), recovering(3), Optional.empty()));
        assertThat(q.canDecide()).isFalse();
        assertThat(q.stranded()).isEmpty();
    }

    @Test
    void aServerAloneThatLostItsStateIsStranded() {
        Quorum q = Quorum.of(1, alive(recovering(0)));
        assertThat(q.canDecide()).isFalse();
        assertThat(q.stranded()).containsExactly(0);
        assertThat(Quorum.of(1, alive(voter(0))).canDecide()).isTrue();
    }

    @Test
    void whenEveryServerRestartedNoneCanVote() {
        Quorum q = Quorum.of(3, alive(recovering(0), recovering(1), recovering(2)));
        assertThat(q.stranded()).containsExactly(0, 1, 2);
        assertThat(q.explainStranded()).contains("none is up");
    }
}
