package paxoschat.node;

import java.util.List;

import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.PaxosNode;
import paxoschat.paxos.Snapshot;
import paxoschat.storage.Storage;

/**
 * When the node forgets what it no longer needs: every paxos.snapshot-every
 * decided slots a snapshot of the chat log, after which the node drops the decided values
 * and votes below it, storage drops the log segments it covers, and a peer that far behind
 * gets the snapshot instead of slot after slot; and between snapshots, now and then, the
 * votes of decided slots. Node thread only.
 */
final class Compaction {

    /** Decided slots between two passes that drop the votes of decided slots. */
    private static final long FORGET_VOTES_EVERY = 64;

    private final PaxosNode node;
    private final Storage storage;
    private final CommitGate gate;
    private final NodeLoop loop;
    private final long snapshotEvery;
    /** The slot of the newest snapshot written or installed. */
    private long snapshotSlot;
    /** The decided prefix when votes were last dropped. */
    private long votesForgottenAt;

    Compaction(PaxosNode node, Storage storage, CommitGate gate, NodeLoop loop, long snapshotEvery,
               long snapshotSlot) {
        this.node = node;
        this.storage = storage;
        this.gate = gate;
        this.loop = loop;
        this.snapshotEvery = snapshotEvery;
        this.snapshotSlot = snapshotSlot;
    }

    /** After each task, with the records it wrote (a peer's snapshot installed counts). */
    void afterTask(List<DurableRecord> writes) {
        for (DurableRecord r : writes) {
            if (r instanceof DurableRecord.Installed i) {
                snapshotSlot = Math.max(snapshotSlot, i.snapshot().slot());
            }
        }
        // Both modes: memory must not grow with the log in memory mode either. A server
        // restarted without state then recovers from peers that dropped the votes of slots
        // they decided; what keeps that safe is the decided floor its recovery learned
        // (PaxosNode.recoveredFloor), which its promises report as theirs did.
        if (node.isCrashed()) {
            return;
        }
        if (node.decided() - votesForgottenAt >= FORGET_VOTES_EVERY) {
            // Between snapshots a vote would otherwise stay in memory beside the decided
            // value and the chat entry for as long as thousands of slots take to decide.
            votesForgottenAt = node.decided();
            node.forgetDecidedVotes();
        }
        if (snapshotEvery <= 0 || node.decided() - snapshotSlot < snapshotEvery) {
            return;
        }
        Snapshot snapshot = node.snapshot();
        snapshotSlot = snapshot.slot();
        // After the sync of every decision it sums up (see Storage.compactTo); the node
        // forgets only once the snapshot is durable.
        gate.release(List.of(), () -> storage.compactTo(snapshot, () -> loop.execute(() -> node.compact(snapshot.slot()))));
    }
}
