package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Read fences (linearizable reads): when a leader's word about the chosen slots holds. */
class ReadFenceTest {

    private static Command msg(String client, long id, String text) {
        return new Command(client, id, client, text);
    }

    private static ReadFence fence(LocalCluster c, int node) {
        ReadFence fence = c.nodes[node].readFence().orElseThrow();
        c.apply(node, c.nodes[node].proposeFresh());
        return fence;
    }

    @Test
    void anIdleLeadersFenceHoldsThroughANoOpThatTakesNoPlaceInTheLog() {
        LocalCluster c = new LocalCluster(3);
        c.tickUntil(x -> x.leader() == 0, 20);
        c.apply(1, c.nodes[1].submit(msg("a", 1, "before")));
        c.tickUntil(x -> x.nodes[0].log().size() == 1 && x.nodes[1].log().size() == 1, 20);
        long decided = c.nodes[0].decided();

        ReadFence fence = fence(c, 0);
        assertThat(fence.slot()).isGreaterThanOrEqualTo(decided);
        assertThat(c.nodes[0].fenceHolds(fence)).isFalse();
        c.deliverAll();

        assertThat(c.nodes[0].fenceHolds(fence)).isTrue();
        assertThat(c.nodes[0].decided()).isGreaterThan(decided);
        assertThat(c.nodes[0].log()).extracting(ChatEntry::text).containsExactly("before");
    }

    /**
     * Applies a step of {@code node}, its messages to itself at once (as the server's
     * dispatcher does); those to others wait in the queue.
     */
    private static void applyAtOnce(LocalCluster c, int node, Step step) {
        List<Envelope> others = new ArrayList<>();
        for (Envelope e : step.messages()) {
            if (e.to() == node) {
                applyAtOnce(c, node, c.nodes[node].receive(e.message()));
            } else {
                others.add(e);
            }
        }
        c.apply(node, new Step(step.writes(), others, step.performed(), step.refused(), step.crashed()));
    }

    @Test
    void aFenceTakenWhileRequestsWaitForTheWindowHoldsWithTheirBatchAndNeedsNoNoOp() {
        LocalCluster c = new LocalCluster(3);
        c.tickUntil(x -> x.leader() == 0, 20);
        c.deliverAll();
        long slotsBefore = c.nodes[0].decided();
        // The window (8 slots) fills with the first eight; the last two wait in the leader's queue.
        for (int i = 1; i <= 10; i++) {
            applyAtOnce(c, 0, c.nodes[0].submit(msg("a", i, "m" + i)));
        }
        ReadFence fence = c.nodes[0].readFence().orElseThrow();
        applyAtOnce(c, 0, c.nodes[0].proposeFresh());
        assertThat(fence.slot()).isEqualTo(slotsBefore + 8);
        c.deliverAll();

        assertThat(c.nodes[0].fenceHolds(fence)).isTrue();
        assertThat(c.nodes[0].log()).extracting(ChatEntry::text)
                .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
        // Eight slots of one message each, then one batch of two carried the fence: no no-op slot.
        assertThat(c.nodes[0].decided() - slotsBefore).isEqualTo(9);
    }

    /**
     * The case the fresh phase 2 is there for: a leader cut off while another took over and
     * decided more still believes it leads, and its slotIn is below what was decided
     * meanwhile. Its fence must never hold (a read at it would miss the new write); once
     * it hears again of the others its 2a is refused and the fence breaks.
     */
    @Test
    void aDeposedLeaderThatStillBelievesItLeadsNeverHoldsAFence() {
        LocalCluster c = new LocalCluster(3);
        c.tickUntil(x -> x.leader() == 0, 20);
        c.apply(1, c.nodes[1].submit(msg("a", 1, "before")));
        c.tickUntil(x -> x.nodes[0].log().size() == 1, 20);
        c.isolate(0);
        c.tickUntil(x -> x.nodes[1].isLeading(), 30);
        c.apply(2, c.nodes[2].submit(msg("a", 2, "acknowledged while 0 was cut off")));
        c.tickUntil(x -> x.nodes[2].log().size() == 2, 40);
        long chosen = c.nodes[1].decided();

        ReadFence stale = fence(c, 0);
        assertThat(stale.slot()).isLessThan(chosen);
        c.heal(0);
        for (int i = 0; i < 40 && !c.nodes[0].fenceBroken(stale); i++) {
            assertThat(c.nodes[0].fenceHolds(stale)).isFalse();
            c.tick();
        }
        assertThat(c.nodes[0].fenceBroken(stale)).isTrue();
        assertThat(c.nodes[0].fenceHolds(stale)).isFalse();
        // A fence it may take again (once it leads anew) starts above what was chosen meanwhile.
        assertThat(c.nodes[0].readFence().map(ReadFence::slot).orElse(Long.MAX_VALUE)).isGreaterThanOrEqualTo(chosen);
    }

    @Test
    void onlyALeaderInPhaseTwoTakesAFence() {
        LocalCluster c = new LocalCluster(3);
        assertThat(c.nodes[0].readFence()).isEmpty();
        c.tickUntil(x -> x.leader() == 0, 20);
        c.deliverAll();
        assertThat(c.nodes[0].readFence()).isPresent();
        assertThat(c.nodes[1].readFence()).isEmpty();
    }
}
