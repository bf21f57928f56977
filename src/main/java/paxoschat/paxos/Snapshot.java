package paxoschat.paxos;

import java.util.List;

/**
 * A replica's state after performing every slot below {@code slot}: its chat log, from
 * which the set of performed requests follows. Decided values below {@code slot} are no
 * longer needed once a snapshot exists.
 */
public record Snapshot(long slot, List<ChatEntry> log) {

    public static final Snapshot EMPTY = new Snapshot(0, List.of());

    public Snapshot {
        // A chat log's prefix is immutable already, and may be too large to copy into memory.
        log = ChatLog.isPrefix(log) ? log : List.copyOf(log);
    }
}
