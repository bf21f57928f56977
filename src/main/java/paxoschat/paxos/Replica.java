package paxoschat.paxos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PMMC's replica: it hands client requests to the leader and performs decisions in slot
 * order. A request is performed at most once, keyed by (clientId, requestId), so
 * retransmissions and a request decided in two slots show once; no-ops, duplicates and
 * requests older than the exactly-once horizon (refused, see {@link PerformedRequests}) take
 * no sequence number, so the chat log stays dense.
 */
final class Replica {

    /** Decided values of slots base, base + 1, ...; those below base were compacted. */
    private final List<Batch> decided = new ArrayList<>();
    private long base;
    /** The log's length when base was set: where a snapshot at base ends. */
    private long baseSeq;
    /** Per entry of decided: the log's length after performing it. */
    private final List<Long> logSizeAfter = new ArrayList<>();
    private final Map<Long, Batch> early = new HashMap<>();
    private final ChatLog log;
    private final PerformedRequests performed = new PerformedRequests();
    /** Requests clients gave this replica that are not performed yet, in arrival order. */
    private final LinkedHashMap<RequestKey, Command> pending = new LinkedHashMap<>();

    Replica(ChatLog log) {
        this.log = log;
    }

    long slotOut() {
        return base + decided.size();
    }

    ChatLog log() {
        return log;
    }

    Optional<Long> seqOf(RequestKey key) {
        long seq = performed.seqOf(key);
        return seq >= 0 ? Optional.of(seq) : Optional.empty();
    }

    /**
     * True if ordering {@code key} would be of no use: it was performed, or it would be
     * refused whenever decided (see {@link PerformedRequests}). A request of a client that
     * names a birth the log has not reached is ordered: the log may reach it first.
     */
    boolean isPerformed(RequestKey key) {
        PerformedRequests.Verdict v = performed.verdict(key, log.size());
        return v == PerformedRequests.Verdict.PERFORMED || v.refusedForGood();
    }

    /** Why {@code key} will be refused whenever it is decided, or null if it may be performed. */
    String refusal(RequestKey key) {
        PerformedRequests.Verdict v = performed.verdict(key, log.size());
        return v.refusedForGood() ? v.reason(key, performed.horizon(), log.size()) : null;
    }

    /** Forgets a pending request whose client stopped waiting: it is not resent any more. */
    void withdraw(RequestKey key) {
        pending.remove(key);
    }

    boolean hasDecision(long slot) {
        return slot < slotOut() || early.containsKey(slot);
    }

    long highestKnownSlot() {
        long high = slotOut() - 1;
        for (long slot : early.keySet()) {
            high = Math.max(high, slot);
        }
        return high;
    }

    /** Returns false if the request was performed already or would be refused, so nothing needs ordering. */
    boolean accept(Command command) {
        if (isPerformed(command.key())) {
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
        if (slot < slotOut()) {
            if (slot >= base && !decided.get((int) (slot - base)).equals(value)) {
                throw new IllegalStateException("slot " + slot + " decided twice with different values");
            }
            return;
        }
        Batch known = early.putIfAbsent(slot, value);
        if (known != null && !known.equals(value)) {
            throw new IllegalStateException("slot " + slot + " decided twice with different values");
        }
        performReady(out);
    }

    /** Performs the decisions queued right after the last decided slot, in order. */
    private void performReady(Outbox out) {
        Batch next;
        while ((next = early.remove(slotOut())) != null) {
            out.write(new DurableRecord.Decided(slotOut(), next));
            decided.add(next);
            perform(next, out);
            logSizeAfter.add((long) log.size());
        }
    }

    Snapshot snapshot() {
        return new Snapshot(slotOut(), log.all());
    }

    /** Forgets decided values below {@code slot}, which must be decided here already. */
    void compact(long slot) {
        long upTo = Math.min(slot, slotOut());
        if (upTo <= base) {
            return;
        }
        int drop = (int) (upTo - base);
        baseSeq = logSizeAfter.get(drop - 1);
        decided.subList(0, drop).clear();
        logSizeAfter.subList(0, drop).clear();
        base = upTo;
    }

    /**
     * Installs a peer's snapshot at {@code slot}, whose log is {@code snapshotSeq} entries
     * long, from a chunk of its entries starting at seq {@code fromSeq}. Entries are appended
     * as they come (they are a prefix of every log, so performing later slots skips them);
     * the replica jumps to {@code slot} once it holds all {@code snapshotSeq} entries.
     * Returns true when it jumped.
     */
    boolean install(long slot, long snapshotSeq, long fromSeq, List<ChatEntry> entries, Outbox out) {
        if (slot <= slotOut() || fromSeq > log.size()) {
            return false;
        }
        long size = log.size();
        if (fromSeq < size) {
            List<ChatEntry> mine = log.range(fromSeq, Math.min(size, fromSeq + entries.size()));
            if (!mine.equals(entries.subList(0, mine.size()))) {
                throw new IllegalStateException("snapshot disagrees with the log from seq " + fromSeq);
            }
        }
        for (int i = (int) Math.max(0, size - fromSeq); i < entries.size(); i++) {
            ChatEntry e = entries.get(i);
            log.append(e);
            performed.add(e.key(), e.seq());
            pending.remove(e.key());
            out.performed(e);
        }
        if (log.size() < snapshotSeq) {
            return false;
        }
        decided.clear();
        logSizeAfter.clear();
        base = slot;
        baseSeq = snapshotSeq;
        early.keySet().removeIf(s -> s < slot);
        out.write(new DurableRecord.Installed(new Snapshot(slot, log.prefix(snapshotSeq))));
        performReady(out);
        return true;
    }

    /**
     * Restores a snapshot read back from disk into an empty replica. Storage may have read
     * the snapshot's entries into this replica's log already; else they are appended.
     */
    void restore(Snapshot snapshot) {
        boolean loaded = log.hasPrefix(snapshot.log()) && log.size() == snapshot.log().size();
        if (!loaded && !log.isEmpty()) {
            throw new IllegalStateException("restoring a snapshot into a replica whose log is not empty");
        }
        for (ChatEntry e : snapshot.log()) {
            if (!loaded) {
                log.append(e);
            }
            performed.add(e.key(), e.seq());
        }
        base = snapshot.slot();
        baseSeq = log.size();
    }

    long base() {
        return base;
    }

    /** The log's length at {@link #base()}: the length of the snapshot there. */
    long baseSeq() {
        return baseSeq;
    }

    /**
     * At most {@code limit} entries, and {@link #CHUNK_BYTES} worth (but at least one), from
     * {@code fromSeq} towards the end of the snapshot at base.
     */
    List<ChatEntry> entriesUpToBase(long fromSeq, int limit) {
        if (fromSeq >= baseSeq || fromSeq < 0) {
            return List.of();
        }
        long to = Math.min(baseSeq, fromSeq + limit);
        List<ChatEntry> entries = log.range(fromSeq, to);
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            ChatEntry e = entries.get(i);
            bytes += CommandRules.bytesOf(new Command(e.clientId(), e.requestId(), e.sender(), e.text()));
            if (i > 0 && bytes > CHUNK_BYTES) {
                return List.copyOf(entries.subList(0, i));
            }
        }
        return entries;
    }

    private void perform(Batch batch, Outbox out) {
        for (Command c : batch.commands()) {
            PerformedRequests.Verdict verdict = performed.verdict(c.key(), log.size());
            if (verdict == PerformedRequests.Verdict.PERFORMED) {
                continue;
            }
            if (verdict != PerformedRequests.Verdict.NEW) {
                // Decided, but possibly a duplicate of what was performed before the horizon.
                pending.remove(c.key());
                out.refused(c.key(), verdict.reason(c.key(), performed.horizon(), log.size()));
                continue;
            }
            ChatEntry entry = new ChatEntry(log.size(), c.clientId(), c.requestId(), c.sender(), c.text());
            log.append(entry);
            performed.add(c.key(), entry.seq());
            pending.remove(c.key());
            out.performed(entry);
        }
    }

    /**
     * Decided values from {@code fromSlot} on, at most {@code limit} commands' and
     * {@link #CHUNK_BYTES} worth (but at least one slot); empty if compacted away or not
     * decided.
     */
    List<Batch> decidedFrom(long fromSlot, int limit) {
        if (fromSlot >= slotOut() || fromSlot < base) {
            return List.of();
        }
        // limit bounds the commands, not just the slots: a slot may hold a large batch; and
        // bytes bound them too, since 10,000 commands of 10,000 characters are 300 MB.
        int from = (int) (fromSlot - base);
        int to = from;
        long commands = 0;
        long bytes = 0;
        while (to < decided.size()) {
            Batch b = decided.get(to);
            long size = b.commands().stream().mapToLong(CommandRules::bytesOf).sum();
            if (to > from && (commands + b.commands().size() > limit || bytes + size > CHUNK_BYTES)) {
                break;
            }
            commands += Math.max(1, b.commands().size());
            bytes += size;
            to++;
        }
        return List.copyOf(decided.subList(from, to));
    }

    /** The most bytes of commands a catch-up or snapshot reply holds (but one slot or entry). */
    static final long CHUNK_BYTES = 4L << 20;
}
