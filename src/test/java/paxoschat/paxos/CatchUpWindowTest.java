package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A far-behind server is sent a window of catch-up replies per request, and asks again
 * once per window: not per reply, and not for duplicates, however they arrive.
 */
class CatchUpWindowTest {

    /** Two commands per slot; chunks of 4 commands (2 slots); windows of 3 chunks. */
    private static PaxosConfig config(int node) {
        return new PaxosConfig(node, 3, 4, 16, 2, 10, 3, 4, 3, 5);
    }

    private static PaxosNode source(int slots) {
        DurableState state = new DurableState();
        for (int s = 0; s < slots; s++) {
            state.apply(new DurableRecord.Decided(s, new Batch(List.of(
                    new Command("c", 2L * s + 1, "c", "m" + (2 * s)), new Command("c", 2L * s + 2, "c", "m" + (2 * s + 1))))));
        }
        return PaxosNode.restored(config(0), state);
    }

    private static List<Message> sent(Step step, Class<? extends Message> type) {
        List<Message> out = new ArrayList<>();
        for (Envelope e : step.messages()) {
            if (type.isInstance(e.message())) {
                out.add(e.message());
            }
        }
        return out;
    }

    @Test
    void oneRequestIsAnsweredByAWindowOfChunksThatNamesItsEnd() {
        PaxosNode source = source(20);
        List<Message> replies = sent(source.receive(new Message.CatchUpRequest(2, 3, 6)), Message.CatchUpReply.class);
        assertThat(replies).hasSize(3);
        long slot = 3;
        for (Message m : replies) {
            Message.CatchUpReply r = (Message.CatchUpReply) m;
            assertThat(r.fromSlot()).isEqualTo(slot);
            assertThat(r.values()).hasSize(2);
            assertThat(r.upTo()).isEqualTo(9);
            slot += r.values().size();
        }
    }

    @Test
    void theAskerAsksOncePerWindowWhateverTheOrderAndIgnoresDuplicates() {
        PaxosNode source = source(20);
        PaxosNode asker = new PaxosNode(config(2), false);
        // A status showing the peer ahead makes it ask at once, not at the next resend tick.
        Step first = asker.observe(new PeerStatus(0, true, false, true, new Ballot(1, 0), 20));
        List<Message> requests = sent(first, Message.CatchUpRequest.class);
        assertThat(requests).hasSize(1);
        List<Message> window = sent(source.receive(requests.get(0)), Message.CatchUpReply.class);
        assertThat(window).hasSize(3);

        // The window arrives backwards: nothing is asked until all of it is performed.
        assertThat(sent(asker.receive(window.get(2)), Message.CatchUpRequest.class)).isEmpty();
        assertThat(sent(asker.receive(window.get(1)), Message.CatchUpRequest.class)).isEmpty();
        assertThat(sent(asker.observe(new PeerStatus(0, true, false, true, new Ballot(1, 0), 20)),
                Message.CatchUpRequest.class)).as("a status while a window arrives").isEmpty();
        List<Message> next = sent(asker.receive(window.get(0)), Message.CatchUpRequest.class);
        assertThat(asker.decided()).isEqualTo(6);
        assertThat(next).containsExactly(new Message.CatchUpRequest(2, 6, 12));

        // Duplicates of the performed window ask nothing.
        for (Message m : window) {
            assertThat(sent(asker.receive(m), Message.CatchUpRequest.class)).isEmpty();
        }
        for (Message m : sent(source.receive(next.get(0)), Message.CatchUpReply.class)) {
            asker.receive(m);
        }
        assertThat(asker.decided()).isEqualTo(12);
        assertThat(asker.log()).hasSize(24);
    }

    @Test
    void aLostWindowIsAskedForAgainAfterItsLongerPatience() {
        PaxosNode asker = new PaxosNode(config(2), false);
        asker.observe(new PeerStatus(0, true, false, true, new Ballot(1, 0), 20));
        // resendTicks 2 x catchUpChunks 3: nothing for 5 ticks, the 6th asks again.
        for (int t = 1; t < 6; t++) {
            assertThat(sent(asker.tick(), Message.CatchUpRequest.class)).as("tick " + t).isEmpty();
        }
        assertThat(sent(asker.tick(), Message.CatchUpRequest.class)).hasSize(1);
    }
}
