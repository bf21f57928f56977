package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/** Every entry in memory, for one thread: see {@link ChatLog#inMemory()}. */
final class ListChatLog implements ChatLog {

    private final List<ChatEntry> entries = new ArrayList<>();

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public ChatEntry get(long seq) {
        checkRange(seq, seq + 1);
        return entries.get((int) seq);
    }

    @Override
    public List<ChatEntry> range(long from, long to) {
        checkRange(from, to);
        return new ArrayList<>(entries.subList((int) from, (int) to));
    }

    @Override
    public void append(ChatEntry entry) {
        if (entry.seq() != entries.size()) {
            throw new IllegalStateException("entry " + entry.seq() + " appended at " + entries.size());
        }
        entries.add(entry);
    }

    private void checkRange(long from, long to) {
        if (from < 0 || to < from || to > entries.size()) {
            throw new IndexOutOfBoundsException("entries [" + from + ", " + to + ") of a log of " + entries.size());
        }
    }
}
