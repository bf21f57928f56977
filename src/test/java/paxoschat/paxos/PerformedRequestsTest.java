package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PerformedRequestsTest {

    private final PerformedRequests performed = new PerformedRequests();

    @Test
    void remembersEachRequestWithItsSeq() {
        performed.add(new RequestKey("a", 1), 0);
        performed.add(new RequestKey("b", 1), 1);
        performed.add(new RequestKey("a", 2), 2);

        assertThat(performed.seqOf(new RequestKey("a", 1))).hasValue(0);
        assertThat(performed.seqOf(new RequestKey("b", 1))).hasValue(1);
        assertThat(performed.seqOf(new RequestKey("a", 2))).hasValue(2);
        assertThat(performed.contains(new RequestKey("b", 2))).isFalse();
        assertThat(performed.contains(new RequestKey("c", 1))).isFalse();
    }

    @Test
    void requestIdsBelowTheHighestAreFoundToo() {
        performed.add(new RequestKey("a", 10), 0);
        performed.add(new RequestKey("a", 3), 1);
        performed.add(new RequestKey("a", 12), 2);
        performed.add(new RequestKey("a", 11), 3);

        assertThat(performed.seqOf(new RequestKey("a", 3))).hasValue(1);
        assertThat(performed.seqOf(new RequestKey("a", 11))).hasValue(3);
        assertThat(performed.seqOf(new RequestKey("a", 12))).hasValue(2);
        assertThat(performed.contains(new RequestKey("a", 4))).isFalse();
        assertThat(performed.contains(new RequestKey("a", 13))).isFalse();
    }

    @Test
    void aClientsFirstRequestAndALowerSecondOneAreBothKept() {
        performed.add(new RequestKey("once", 7), 0);
        performed.add(new RequestKey("once", 5), 1);
        performed.add(new RequestKey("once", 9), 2);

        assertThat(performed.seqOf(new RequestKey("once", 7))).hasValue(0);
        assertThat(performed.seqOf(new RequestKey("once", 5))).hasValue(1);
        assertThat(performed.seqOf(new RequestKey("once", 9))).hasValue(2);
        assertThat(performed.contains(new RequestKey("once", 6))).isFalse();
        assertThat(performed.contains(new RequestKey("once", 8))).isFalse();
    }

    @Test
    void agreesWithAMapOnManyClientsWithShuffledIds() {
        Random random = new Random(42);
        Map<RequestKey, Long> expected = new HashMap<>();
        List<RequestKey> keys = new ArrayList<>();
        for (int client = 0; client < 20; client++) {
            for (long id = 1; id <= (client % 5 == 0 ? 1 : 500); id++) {
                keys.add(new RequestKey("client-" + client, id * (1 + random.nextInt(3))));
            }
        }
        // Mostly in order, with a tenth of the requests moved elsewhere, as concurrent sends do.
        for (int i = 0; i < keys.size() / 10; i++) {
            Collections.swap(keys, random.nextInt(keys.size()), random.nextInt(keys.size()));
        }
        long seq = 0;
        for (RequestKey key : keys) {
            if (!expected.containsKey(key)) {
                assertThat(performed.contains(key)).isFalse();
                performed.add(key, seq);
                expected.put(key, seq++);
            }
        }
        for (int client = 0; client < 21; client++) {
            for (long id = 0; id <= 1600; id++) {
                RequestKey key = new RequestKey("client-" + client, id);
                Long want = expected.get(key);
                if (want == null) {
                    assertThat(performed.seqOf(key)).as("%s", key).isEmpty();
                } else {
                    assertThat(performed.seqOf(key)).as("%s", key).hasValue(want);
                }
            }
        }
    }
}
