package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LongLongMapTest {

    /** Random puts and removes over keys that collide often (a small range): the map agrees with a HashMap. */
    @Test
    void agreesWithAHashMapUnderRandomPutsAndRemoves() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            LongLongMap map = new LongLongMap();
            Map<Long, Long> expected = new HashMap<>();
            int range = 1 + random.nextInt(5_000);
            for (int op = 0; op < 40_000; op++) {
                long key = random.nextInt(range) * (random.nextBoolean() ? 1 : 1L << 33);
                if (random.nextInt(3) == 0) {
                    assertThat(map.remove(key)).isEqualTo(expected.remove(key) != null);
                } else {
                    long value = random.nextLong() & Long.MAX_VALUE;
                    map.put(key, value);
                    expected.put(key, value);
                }
                assertThat(map.size()).isEqualTo(expected.size());
            }
            for (int k = 0; k < range; k++) {
                for (long key : new long[] {k, k * (1L << 33)}) {
                    assertThat(map.get(key)).as("seed %d key %d", seed, key).isEqualTo(expected.getOrDefault(key, -1L));
                }
            }
        }
    }

    /** Filled, then emptied in another order: every key stays found until removed, and the map shrinks back. */
    @Test
    void drainsInAnyOrderAndEveryKeyStaysFoundUntilItsTurn() {
        LongLongMap map = new LongLongMap();
        List<Long> keys = new ArrayList<>();
        for (long k = 1; k <= 100_000; k++) {
            map.put(k, 2 * k);
            keys.add(k);
        }
        java.util.Collections.shuffle(keys, new Random(3));
        for (int i = 0; i < keys.size(); i++) {
            long any = map.anyKey();
            assertThat(map.get(any)).isEqualTo(2 * any);
            assertThat(map.remove(keys.get(i))).isTrue();
            if (i % 997 == 0 && i + 1 < keys.size()) {
                long next = keys.get(i + 1);
                assertThat(map.get(next)).isEqualTo(2 * next);
            }
        }
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get(1)).isEqualTo(-1);
        assertThatThrownBy(map::anyKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesNegativeKeys() {
        assertThatThrownBy(() -> new LongLongMap().put(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
