package paxoschat.paxos;

/**
 * A change of state that must survive a crash when storage is durable. The caller writes
 * a step's records to stable storage before it sends that step's messages or answers its
 * clients; replaying them into {@link DurableState} restores the node.
 */
public sealed interface DurableRecord {

    /** The acceptor promised {@code ballot}. */
    record Promised(Ballot ballot) implements DurableRecord {
    }

    /** The acceptor accepted {@code pvalue}. */
    record Accepted(PValue pvalue) implements DurableRecord {
    }

    /** The replica learned the decision of {@code slot}, the next slot in order. */
    record Decided(long slot, Batch value) implements DurableRecord {
    }

    /** The replica jumped ahead by installing a peer's snapshot. */
    record Installed(Snapshot snapshot) implements DurableRecord {
    }
}
