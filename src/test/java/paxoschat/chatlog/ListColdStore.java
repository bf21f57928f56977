package paxoschat.chatlog;

import java.util.ArrayList;
import java.util.List;

import paxoschat.paxos.ChatEntry;

/** An in-memory {@link ColdStore} that checks how the log uses it. */
public final class ListColdStore implements ColdStore {

    private final List<ChatEntry> entries = new ArrayList<>();

    @Override
    public void write(List<ChatEntry> batch) {
        for (ChatEntry e : batch) {
            if (e.seq() != entries.size()) {
                throw new IllegalArgumentException("entry " + e.seq() + " written after " + entries.size());
            }
            entries.add(e);
        }
    }

    @Override
    public List<ChatEntry> read(long from, long to) {
        if (from < 0 || to > entries.size() || from > to) {
            throw new IndexOutOfBoundsException("entries [" + from + ", " + to + ") of " + entries.size());
        }
        return List.copyOf(entries.subList((int) from, (int) to));
    }

    public int size() {
        return entries.size();
    }
}
