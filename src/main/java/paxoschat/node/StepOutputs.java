package paxoschat.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Durability;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.Envelope;
import paxoschat.paxos.Message;
import paxoschat.paxos.Step;

/**
 * What one task's steps produced, gathered so that each peer gets one batch per task (two
 * in disk mode: what leaves at once and what waits for the sync), sorted by
 * {@link Durability}: what reveals a promise or a vote of this node waits.
 */
final class StepOutputs {

    private final int self;
    /** False in memory mode: nothing is durable, so nothing has anything to wait for. */
    private final boolean syncs;
    /** Drop a message equal to one already bound for the same node (see StepDispatcher.tick). */
    private final boolean distinct;

    final Map<Integer, List<Message>> early = new LinkedHashMap<>();
    final Map<Integer, List<Message>> afterSync = new LinkedHashMap<>();
    /** Messages to itself that need not wait: handled inside the task. */
    final ArrayDeque<Message> toSelf = new ArrayDeque<>();
    /** This node's own 1b/2b to itself: handled once the records they reveal are durable. */
    final List<Message> toSelfAfterSync = new ArrayList<>();
    final List<ChatEntry> performed = new ArrayList<>();
    final List<Step.Refused> refused = new ArrayList<>();
    final List<DurableRecord> writes = new ArrayList<>();
    boolean crashed;

    StepOutputs(int self, boolean syncs, boolean distinct) {
        this.self = self;
        this.syncs = syncs;
        this.distinct = distinct;
    }

    void absorb(Step step) {
        writes.addAll(step.writes());
        for (Envelope e : step.messages()) {
            boolean waits = syncs && Durability.waitsForSync(self, e);
            if (e.to() == self) {
                add(waits ? toSelfAfterSync : toSelf, e.message());
            } else {
                add((waits ? afterSync : early).computeIfAbsent(e.to(), k -> new ArrayList<>()), e.message());
            }
        }
        performed.addAll(step.performed());
        refused.addAll(step.refused());
        crashed |= step.crashed();
    }

    private void add(Collection<Message> to, Message m) {
        if (!distinct || !to.contains(m)) {
            to.add(m);
        }
    }

    /** True if nothing of this task waits for a sync: no records, no waiting messages, no crash. */
    boolean waitsForNothing() {
        return writes.isEmpty() && afterSync.isEmpty() && toSelfAfterSync.isEmpty() && !crashed;
    }
}
