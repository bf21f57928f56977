package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class IdlenessTest {

    private static Optional<PaxosHealth> h(int node, boolean leading, long length, boolean ready) {
        return Optional.of(new PaxosHealth(node, 0, leading, 1, 0, length, length, !ready, ready));
    }

    private static Map<Integer, Optional<PaxosHealth>> of(Object... pairs) {
        Map<Integer, Optional<PaxosHealth>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Optional<PaxosHealth> v = (Optional<PaxosHealth>) pairs[i + 1];
            m.put((Integer) pairs[i], v);
        }
        return m;
    }

    @Test
    void idleWithALeaderAndAgreeingLogs() {
        assertThat(Idleness.whyNotIdle(3, of(0, h(0, true, 0, true), 1, h(1, false, 0, true)), List.of())).isNull();
    }

    @Test
    void notIdleWithoutALeaderWhileAMajorityIsAlive() {
        assertThat(Idleness.whyNotIdle(3, of(0, h(0, false, 0, true), 1, h(1, false, 0, true)), List.of()))
                .contains("no server leads");
    }

    @Test
    void notIdleWhileLogsDisagreeOrAServerIsSilentOrRecovering() {
        assertThat(Idleness.whyNotIdle(3, of(0, h(0, true, 2, true), 1, h(1, false, 1, true)), List.of()))
                .contains("disagree");
        assertThat(Idleness.whyNotIdle(3, of(0, h(0, true, 2, true), 1, Optional.empty()), List.of()))
                .contains("does not answer");
        assertThat(Idleness.whyNotIdle(5, of(0, h(0, true, 2, true), 1, h(1, false, 2, true), 2, h(2, false, 2, true),
                3, h(3, false, 0, false)), List.of())).contains("not ready");
    }

    @Test
    void withoutMajorityIdleAsSoonAsTheLiveServersAgree() {
        assertThat(Idleness.whyNotIdle(3, of(0, h(0, false, 1, true)), List.of())).isNull();
        assertThat(Idleness.whyNotIdle(5, of(0, h(0, false, 1, true), 1, h(1, false, 0, true)), List.of()))
                .contains("disagree");
        assertThat(Idleness.whyNotIdle(5, Map.of(), List.of())).isNull();
    }

    @Test
    void aRecoveringServerThatCannotRecoverDoesNotBlock() {
        // 5 servers, 3 alive but one of them restarted with only 2 others: it can never recover.
        assertThat(Idleness.whyNotIdle(5, of(0, h(0, false, 1, true), 1, h(1, false, 1, true),
                2, h(2, false, 0, false)), List.of())).isNull();
    }
}
