package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import paxoschat.master.ClusterControl.ClusterException;

class StaggeredStartTest {

    /** Fake servers: each is ready at its third probe after it was spawned. */
    private final List<Integer> spawned = new ArrayList<>();
    private final Map<Integer, Integer> probes = new HashMap<>();
    private final Set<Integer> ready = new HashSet<>();
    private final Set<Integer> dead = new HashSet<>();
    private int mostStartingAtOnce;
    private long now;

    private StaggeredStart starter() {
        return new StaggeredStart(spawned::add, i -> !dead.contains(i), waiting -> {
            mostStartingAtOnce = Math.max(mostStartingAtOnce, waiting.size());
            List<Integer> nowReady = new ArrayList<>();
            for (int i : waiting) {
                assertThat(spawned).as("probed before it was spawned").contains(i);
                if (probes.merge(i, 1, Integer::sum) >= 3) {
                    ready.add(i);
                    nowReady.add(i);
                }
            }
            return nowReady;
        }, millis -> now += millis, () -> now, 50, i -> "server-" + i + ".log", "logs");
    }

    @Test
    void startsTheServersInOrderNoMoreThanAtOnceAtATimeAndReturnsWhenAllAreReady() {
        starter().run(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 3, List.of(), 60_000);

        assertThat(spawned).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(ready).hasSize(10);
        assertThat(mostStartingAtOnce).isEqualTo(3);
    }

    @Test
    void theNextServerStartsAsSoonAsOneIsReadyWithoutAPause() {
        starter().run(List.of(0, 1, 2, 3), 2, List.of(), 60_000);

        // Waves of 2, each ready at its third probe: two pauses per wave, none in between.
        assertThat(now).isEqualTo(2 * 2 * 50);
    }

    @Test
    void waitsForServersSpawnedBefore() {
        spawned.add(7);
        starter().run(List.of(), 0, List.of(7), 60_000);

        assertThat(spawned).containsExactly(7);
        assertThat(ready).containsExactly(7);
    }

    @Test
    void aServerThatExitsWhileStartingStopsTheStartAndStartsNoMore() {
        dead.add(1);

        assertThatThrownBy(() -> starter().run(List.of(0, 1, 2, 3), 2, List.of(), 60_000))
                .isInstanceOf(ClusterException.class)
                .hasMessage("server 1 exited while starting; see server-1.log");
        assertThat(spawned).containsExactly(0, 1);
    }

    @Test
    void afterTheTimeoutItNamesEveryServerNotReadyIncludingThoseNeverStarted() {
        StaggeredStart never = new StaggeredStart(spawned::add, i -> true, waiting -> List.of(),
                millis -> now += millis, () -> now, 50, i -> "server-" + i + ".log", "logs");

        assertThatThrownBy(() -> never.run(List.of(0, 1, 2), 2, List.of(), 1_000))
                .isInstanceOf(ClusterException.class)
                .hasMessage("servers [0, 1, 2] not ready after 1 s; see logs");
        assertThat(spawned).containsExactly(0, 1);
    }
}
