package paxoschat.paxos;

import java.util.Arrays;

/**
 * A map from non-negative long keys to long values in two primitive arrays (open
 * addressing, linear probing, deletion by backward shift), for the exactly-once state: a
 * busy client session remembers up to a horizon of request ids, and a {@code HashMap<Long,
 * Long>} spent three objects and about 64 bytes on each, live for minutes, which the
 * garbage collector copied and promoted at every write. Here an entry is 16 bytes at most
 * half load, and no object.
 */
final class LongLongMap {

    private static final long FREE = -1;
    private static final int MIN_CAPACITY = 8;

    private long[] keys;
    private long[] values;
    private int size;

    LongLongMap() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value of {@code key}, or -1 if it has none. */
    long get(long key) {
        int i = indexOf(requireKey(key));
        return i < 0 ? -1 : values[i];
    }

    void put(long key, long value) {
        requireKey(key);
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Removes {@code key}; true if it was there. */
    boolean remove(long key) {
        int hole = indexOf(requireKey(key));
        if (hole < 0) {
            return false;
        }
        // Backward shift: move later entries of the probe run into the hole, so that every
        // lookup still finds its key before the first free slot.
        int mask = keys.length - 1;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (keys[i] == FREE) {
                break;
            }
            int home = slot(keys[i], mask);
            // Entry i may fill the hole if its home is not cyclically within (hole, i].
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = FREE;
        size--;
        if (keys.length > MIN_CAPACITY && 8 * size < keys.length) {
            rehash(keys.length / 2);
        }
        return true;
    }

    /** Some key of the map; the map must not be empty. */
    long anyKey() {
        for (long k : keys) {
            if (k != FREE) {
                return k;
            }
        }
        throw new IllegalStateException("empty map");
    }

    private int indexOf(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, FREE);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static long requireKey(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        return key;
    }
}
