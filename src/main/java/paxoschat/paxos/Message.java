package paxoschat.paxos;

import java.util.List;

/**
 * Every message one node sends another. {@code from} is the sender's node id. Records keep
 * them immutable, so the transport and the simulation may copy, reorder and duplicate them.
 */
public sealed interface Message {

    int from();

    /** Replica to leader: please order this command. */
    record Request(int from, Command command) implements Message {
    }

    /**
     * Scout to acceptor (phase 1a). {@code fromSlot}: the scout's replica already knows
     * every decision below it, so the acceptor need not send those pvalues.
     */
    record P1a(int from, Ballot ballot, long fromSlot) implements Message {
    }

    /** Acceptor to scout (phase 1b): its promise and what it accepted at or above fromSlot. */
    record P1b(int from, Ballot ballot, List<PValue> accepted, long decided) implements Message {
    }

    /** Commander to acceptor (phase 2a). */
    record P2a(int from, Ballot ballot, long slot, Batch value) implements Message {
    }

    /**
     * Acceptor to commander (phase 2b). {@code accepted}: the acceptor accepted the 2a of
     * {@code ballot}; otherwise {@code ballot} is the higher one it promised. The flag is
     * needed because a refusal of an old 2a can carry the very ballot a leader uses now.
     */
    record P2b(int from, Ballot ballot, long slot, boolean accepted) implements Message {
    }

    /** Commander to replicas: {@code value} is chosen for {@code slot}. */
    record Decision(int from, long slot, Batch value) implements Message {
    }

    /**
     * Commander to a replica whose acceptor accepted the 2a of {@code ballot} for
     * {@code slot}: that value is chosen. A {@link Decision} without the value, which the
     * acceptor holds already (Acceptor.chosenValue): a follower need not decode every batch
     * twice.
     */
    record Chosen(int from, Ballot ballot, long slot) implements Message {
    }

    /**
     * Replica to replica: send me the decisions from {@code fromSlot} on. {@code fromSeq} is
     * the asker's log length, in case the answer must be a snapshot.
     */
    record CatchUpRequest(int from, long fromSlot, long fromSeq) implements Message {
    }

    /**
     * The decided values of slots {@code fromSlot}, {@code fromSlot + 1}, ... One request is
     * answered by several such replies at once (a window of chunks, sent as separate POSTs so
     * they travel and are decoded in parallel); {@code upTo} is where that window ends, so the
     * asker asks again only once it has performed every slot below it, not once per reply.
     */
    record CatchUpReply(int from, long fromSlot, List<Batch> values, long upTo) implements Message {
    }

    /**
     * For an asker behind the sender's compacted log: a chunk, from seq {@code fromSeq} on,
     * of the chat entries that make up the sender's snapshot at {@code slot}, which holds
     * {@code snapshotSeq} entries. The asker asks again until it has them all.
     */
    record SnapshotReply(int from, long slot, long snapshotSeq, long fromSeq, List<ChatEntry> entries)
            implements Message {
    }
}
