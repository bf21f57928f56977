package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReplicaTest {

    private final Replica replica = new Replica(ChatLog.inMemory());
    private final Outbox out = new Outbox(0, 1);
    private final Command a = new Command("c", 1, "0", "a");
    private final Command b = new Command("c", 2, "0", "b");

    @Test
    void catchUpChunksAreBoundedInBytesNotOnlyInCommands() {
        String big = "\uD83D\uDE00".repeat(5_000); // 10,000 chars, the longest text
        for (int slot = 0; slot < 400; slot++) {
            replica.decide(slot, new Batch(List.of(new Command("big", slot + 1, "s", big))), out);
        }
        List<Batch> chunk = replica.decidedFrom(0, 10_000);
        long bytes = chunk.stream().flatMap(v -> v.commands().stream()).mapToLong(CommandRules::bytesOf).sum();
        assertThat(bytes).isLessThanOrEqualTo(Replica.CHUNK_BYTES);
        assertThat(chunk.size()).as("slots in a chunk").isBetween(100, 400 - 1);
        // One slot goes even when it alone is over the budget: the asker must get somewhere.
        Command huge = new Command("huge", 1, "s", "x".repeat(10_000));
        Replica one = new Replica(ChatLog.inMemory());
        List<Command> many = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new Command("h" + i, 1, "s", huge.text()));
        }
        one.decide(0, new Batch(many), out);
        assertThat(one.decidedFrom(0, 10_000)).hasSize(1);
        // Snapshot chunks likewise.
        one.compact(1);
        assertThat(one.entriesUpToBase(0, 10_000).size()).isBetween(1, 199);
    }

    @Test
    void performsInSlotOrderOnceTheGapCloses() {
        replica.decide(1, new Batch(List.of(b)), out);
        assertThat(replica.log().all()).isEmpty();
        replica.decide(0, new Batch(List.of(a)), out);
        assertThat(replica.log().all()).extracting(ChatEntry::text).containsExactly("a", "b");
        assertThat(replica.slotOut()).isEqualTo(2);
    }

    @Test
    void duplicatesAndNoopsTakeNoSequenceNumber() {
        replica.decide(0, new Batch(List.of(a)), out);
        replica.decide(1, Batch.NOOP, out);
        replica.decide(2, new Batch(List.of(a, b)), out);
        assertThat(replica.log().all()).extracting(ChatEntry::seq).containsExactly(0L, 1L);
        assertThat(replica.log().all()).extracting(ChatEntry::text).containsExactly("a", "b");
        assertThat(replica.seqOf(b.key())).contains(1L);
    }

    @Test
    void aRequestAlreadyPerformedIsNotPendingAgain() {
        replica.decide(0, new Batch(List.of(a)), out);
        assertThat(replica.accept(a)).isFalse();
        assertThat(replica.accept(b)).isTrue();
        assertThat(replica.pending()).containsExactly(b);
    }

    @Test
    void twoValuesForOneSlotIsAnInvariantViolation() {
        replica.decide(0, new Batch(List.of(a)), out);
        assertThatThrownBy(() -> replica.decide(0, new Batch(List.of(b)), out))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void servesCatchUpFromAnySlot() {
        replica.decide(0, new Batch(List.of(a)), out);
        replica.decide(1, new Batch(List.of(b)), out);
        assertThat(replica.decidedFrom(1, 10)).containsExactly(new Batch(List.of(b)));
        assertThat(replica.decidedFrom(2, 10)).isEmpty();
        assertThat(replica.decidedFrom(-1, 10)).isEmpty();
    }

    @Test
    void aCompactedReplicaServesItsSnapshotAndAFreshOneInstallsIt() {
        replica.decide(0, new Batch(List.of(a)), out);
        replica.decide(1, Batch.NOOP, out);
        replica.decide(2, new Batch(List.of(b)), out);
        replica.compact(2);
        assertThat(replica.decidedFrom(0, 10)).as("compacted").isEmpty();
        assertThat(replica.decidedFrom(2, 10)).containsExactly(new Batch(List.of(b)));
        assertThat(replica.entriesUpToBase(0, 10)).extracting(ChatEntry::text).containsExactly("a");

        Replica fresh = new Replica(ChatLog.inMemory());
        assertThat(fresh.install(2, 1, 0, replica.entriesUpToBase(0, 10), out)).isTrue();
        fresh.decide(2, new Batch(List.of(b)), out);
        assertThat(fresh.log().all()).isEqualTo(replica.log().all());
        assertThat(fresh.isPerformed(a.key())).isTrue();
        assertThat(fresh.install(1, 0, 0, List.of(), out)).as("a snapshot behind is ignored").isFalse();
    }
}
