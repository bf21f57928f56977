package paxoschat.storage;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that writes the node's own snapshots ({@link DiskStorage#compactTo}), so that
 * encoding and writing the whole chat log holds up no sync. Started on first use.
 */
final class SnapshotWriter implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

    private final Path dir;
    private ExecutorService executor;

    SnapshotWriter(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized void execute(Runnable write) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "snapshot-writer");
                t.setDaemon(true);
                return t;
            });
        }
        executor.execute(write);
    }

    /** Waits until the snapshots being written are on the disk, and stops the thread. */
    void close() {
        ExecutorService writer;
        synchronized (this) {
            writer = executor;
        }
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("storage: a snapshot in {} is still being written at close", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
