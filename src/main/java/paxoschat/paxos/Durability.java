package paxoschat.paxos;

/**
 * Which messages of a {@link Step} must wait until the step's {@link Step#writes() records}
 * (and every record the node wrote before them) are on stable storage, and which may leave
 * at once. The full argument is in docs/storage.md ("Which effect waits for which record");
 * in short, a message waits if it reveals a promise or a vote of this node, or state that
 * only a durable record backs:
 *
 * <ul>
 * <li>{@link Message.P1b} and {@link Message.P2b} are this acceptor's promise and vote. A
 *     leader counts them towards a quorum; a vote counted and then forgotten in a crash lets
 *     a later quorum choose another value. They wait, also when addressed to this node
 *     itself: its own leader must not count its own vote before it is durable.</li>
 * <li>{@link Message.P1a} waits too. It carries no promise, but this node promised its own
 *     ballot in the same step, and only that durable promise keeps a restarted node from
 *     campaigning with the same ballot again and proposing other values under it. Phase 1
 *     is rare, so this costs nothing in the steady state.</li>
 * <li>{@link Message.CatchUpReply} and {@link Message.SnapshotReply} wait: they carry
 *     decided state; waiting costs nothing on a write's path and keeps the rule simple
 *     around compaction (a snapshot's entries leave only once this node's own copy is
 *     durable).</li>
 * <li>{@link Message.P2a} leaves at once: it is a proposal, not a vote. This leader's own
 *     vote for it is the P2b it sends itself, which waits; its ballot is already durable
 *     (its P1a waited for it).</li>
 * <li>{@link Message.Decision} and {@link Message.Chosen} leave at once: a leader decides
 *     only on P2bs from a majority, each sent after its vote was durable, so the value is
 *     chosen and survives any crash whether or not this node's own Decided record does.</li>
 * <li>{@link Message.Request} and {@link Message.CatchUpRequest} carry no state of this
 *     node that a crash could take back.</li>
 * </ul>
 *
 * <p>A message this node sends itself that does not wait is handled at once, in the same
 * step, as if it never left the node: e.g. its own P1a, so the promise of its ballot is
 * written in the step whose P1a to the peers waits for it.
 */
public final class Durability {

    private Durability() {
    }

    /** True if {@code envelope}, sent by node {@code self}, must wait for the sync of its step. */
    public static boolean waitsForSync(int self, Envelope envelope) {
        Message m = envelope.message();
        if (envelope.to() == self) {
            return m instanceof Message.P1b || m instanceof Message.P2b;
        }
        // Listed by what may go early, so that a new kind of message waits unless argued otherwise.
        return !(m instanceof Message.P2a || m instanceof Message.Decision || m instanceof Message.Chosen
                || m instanceof Message.Request || m instanceof Message.CatchUpRequest);
    }
}
