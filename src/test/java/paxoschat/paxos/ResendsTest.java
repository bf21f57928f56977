package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ResendsTest {

    @Test
    void theGapDoublesFromResendTicksUpToFourTimesIt() {
        Resends resends = new Resends(5);
        List<Integer> due = new ArrayList<>();
        for (int tick = 1; tick <= 100; tick++) {
            if (resends.tick()) {
                due.add(resends.age());
            }
        }
        assertThat(due).containsExactly(5, 15, 35, 55, 75, 95);
    }

    @Test
    void ageCountsEveryTick() {
        Resends resends = new Resends(3);
        for (int i = 0; i < 7; i++) {
            resends.tick();
        }
        assertThat(resends.age()).isEqualTo(7);
    }
}
