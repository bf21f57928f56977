package paxoschat.paxos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PMMC's replica: it hands client requests to the leader and performs decisions in slot
 * order. A request is performed at most once, keyed by (clientId, requestId), so
 * retransmissions and a request decided in two slots show once; no-ops and duplicates take
 * no sequence number, so the chat log stays dense.
 */
final class Replica {

    private final List<Batch> decided = new ArrayList<>();
    private final Map<Long, Batch> early = new HashMap<>();
    private final List<ChatEntry> log = new ArrayList<>();
    private final Map<RequestKey, Long> performed = new HashMap<>();
    /** Requests clients gave this replica that are not performed yet, in arrival order. */
    private final LinkedHashMap<RequestKey, Command> pending = new LinkedHashMap<>();

    long slotOut() {
        return decided.size();
    }

    List<ChatEntry> log() {
        return Collections.unmodifiableList(log);
    }

    Optional<Long> seqOf(RequestKey key) {
        return Optional.ofNullable(performed.get(key));
    }

    boolean isPerformed(RequestKey key) {
        return performed.containsKey(key);
    }

    boolean hasDecision(long slot) {
        return slot < decided.size() || early.containsKey(slot);
    }

    long highestKnownSlot() {
        long high = decided.size() - 1;
        for (long slot : early.keySet()) {
            high = Math.max(high, slot);
        }
        return high;
    }

    /** Returns false if the request was performed already, so nothing needs ordering. */
    boolean accept(Command command) {
        if (performed.containsKey(command.key())) {
            return false;
        }
        pending.putIfAbsent(command.key(), command);
        return true;
    }

    List<Command> pending() {
        return List.copyOf(pending.values());
    }

    /**
     * Records a decision; performs it and every decision queued behind it once no slot
     * before it is missing.
     */
    void decide(long slot, Batch value, Outbox out) {
        if (slot < decided.size()) {
            if (!decided.get((int) slot).equals(value)) {
                throw new IllegalStateException("slot " + slot + " decided twice with different values");
            }
            return;
        }
        Batch known = early.putIfAbsent(slot, value);
        if (known != null && !known.equals(value)) {
            throw new IllegalStateException("slot " + slot + " decided twice with different values");
        }
        Batch next;
        while ((next = early.remove((long) decided.size())) != null) {
            out.write(new DurableRecord.Decided(decided.size(), next));
            decided.add(next);
            perform(next, out);
        }
    }

    private void perform(Batch batch, Outbox out) {
        for (Command c : batch.commands()) {
            if (performed.containsKey(c.key())) {
                continue;
            }
            ChatEntry entry = new ChatEntry(log.size(), c.clientId(), c.requestId(), c.sender(), c.text());
            log.add(entry);
            performed.put(c.key(), entry.seq());
            pending.remove(c.key());
            out.performed(entry);
        }
    }

    List<Batch> decidedFrom(long fromSlot, int limit) {
        if (fromSlot >= decided.size() || fromSlot < 0) {
            return List.of();
        }
        int to = (int) Math.min(decided.size(), fromSlot + limit);
        return List.copyOf(decided.subList((int) fromSlot, to));
    }
}
