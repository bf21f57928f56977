package paxoschat.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data directory holds damage that no crash can have caused: records that were synced
 * (and so may have been revealed, as promises and votes) do not read back. A server must not
 * vote from what is left (docs/storage.md, "What was synced"): it refuses to start, or, if
 * told to ({@code paxos.lost-state: recover}), sets the directory aside and recovers from its
 * peers before it votes, as a server of memory mode does.
 */
public final class DamagedStorageException extends IOException {

    public DamagedStorageException(String message) {
        super(message);
    }

    DamagedStorageException(Path file, long offset, long size, String damage, String why) {
        this("storage: " + file + " is damaged at offset " + offset + " of " + size + " (" + damage + "), inside"
                + " records that were synced: " + why + ". Refusing to start on it, since promises and votes this"
                + " server revealed may be lost");
    }
}
