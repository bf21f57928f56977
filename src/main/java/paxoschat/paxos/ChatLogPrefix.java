package paxoschat.paxos;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/** An immutable view of a log's first {@code size} entries; the log only grows. */
final class ChatLogPrefix extends AbstractList<ChatEntry> implements RandomAccess {

    /** Entries read per step when iterating, so a log that keeps them elsewhere reads in chunks. */
    private static final int READ_CHUNK = 1024;

    private final ChatLog log;
    private final int size;

    ChatLogPrefix(ChatLog log, int size) {
        this.log = log;
        this.size = size;
    }

    boolean isOf(ChatLog other) {
        return log == other;
    }

    @Override
    public ChatEntry get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
        return log.get(index);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<ChatEntry> subList(int from, int to) {
        if (from == 0) {
            if (to < 0 || to > size) {
                throw new IndexOutOfBoundsException("sub-list [0, " + to + ") of " + size);
            }
            return new ChatLogPrefix(log, to);
        }
        return super.subList(from, to);
    }

    @Override
    public Iterator<ChatEntry> iterator() {
        return new Iterator<>() {
            private long next;
            private List<ChatEntry> chunk = List.of();
            private int inChunk;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public ChatEntry next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                if (inChunk == chunk.size()) {
                    chunk = log.range(next, Math.min(size, next + READ_CHUNK));
                    inChunk = 0;
                }
                next++;
                return chunk.get(inChunk++);
            }
        };
    }
}
