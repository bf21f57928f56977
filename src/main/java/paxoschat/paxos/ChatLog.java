package paxoschat.paxos;

import java.util.List;

/**
 * What a replica needs of its chat log: entries in seq order, append-only. The core appends
 * and reads on one thread; where the entries live and who else may read them is the
 * adapter's business (package {@code paxoschat.chatlog} shares the log with request threads
 * and keeps its older entries on disk). Every implementation keeps an appended entry as it
 * is for good, so a {@link #prefix} is an immutable view that costs nothing to take:
 * snapshots hold one instead of a copy of the log.
 */
public interface ChatLog {

    long size();

    default boolean isEmpty() {
        return size() == 0;
    }

    ChatEntry get(long seq);

    /** A copy of the entries {@code [from, to)}. */
    List<ChatEntry> range(long from, long to);

    /** Appends {@code entry}, whose seq must be {@link #size()}. */
    void append(ChatEntry entry);

    /**
     * The first {@code length} entries as an immutable list. Entries are read when asked
     * for, so iterating over a large prefix reads the log in chunks.
     */
    default List<ChatEntry> prefix(long length) {
        long size = size();
        if (length < 0 || length > size) {
            throw new IndexOutOfBoundsException("prefix of " + length + " entries of a log of " + size);
        }
        return new ChatLogPrefix(this, (int) length);
    }

    /** The whole log as it is now. */
    default List<ChatEntry> all() {
        return prefix(size());
    }

    /** True if {@code list} is a {@link #prefix} of this log. */
    default boolean hasPrefix(List<ChatEntry> list) {
        return list instanceof ChatLogPrefix p && p.isOf(this);
    }

    /** True if {@code list} is a prefix of some chat log: immutable already. */
    static boolean isPrefix(List<ChatEntry> list) {
        return list instanceof ChatLogPrefix;
    }

    /** A log that keeps every entry in memory, for one thread (the core's tests, the simulation). */
    static ChatLog inMemory() {
        return new ListChatLog();
    }
}
