package paxoschat.chatlog;

import java.util.List;

import paxoschat.paxos.ChatEntry;

/**
 * Where a {@link SharedChatLog}'s older entries go once they leave memory. The log hands it
 * whole runs of entries and asks only for ranges it holds, under the log's lock (writes
 * exclusive), so an implementation need not be thread-safe on its own.
 */
public interface ColdStore {

    /** Stores {@code entries}, which continue what it holds (their seqs are the next ones). */
    void write(List<ChatEntry> entries);

    /** The entries {@code [from, to)}, all of which it holds. */
    List<ChatEntry> read(long from, long to);
}
