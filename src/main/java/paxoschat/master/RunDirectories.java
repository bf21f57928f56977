package paxoschat.master;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The directories a master run owns: its log directory {@code logs/run-TIME-PID}, and in
 * disk mode the servers' data, by default in a fresh temporary directory. Each holds a
 * {@value #LOCK} file that the master keeps locked while it lives; the operating system
 * drops the lock when the master dies, however it dies. That is how a later run tells
 * the directories of finished or killed masters from those of masters still running: it
 * prunes the first and never touches the second.
 *
 * <p>A script's data directory is deleted when the master exits (EOF, SIGINT, SIGTERM). A
 * master killed with SIGKILL cannot delete anything; its servers halt as their stdin
 * closes, and the next master run on this machine deletes the directory it left.
 */
final class RunDirectories {

    /** How many {@code run-*} log directories the master keeps, its own included. */
    static final int KEEP_RUNS = 10;
    static final String LOCK = "master.lock";
    static final String DATA_PREFIX = "paxos-chat-data-";
    /**
     * A lock file younger than this is left alone even if unlocked: its master may be
     * between creating and locking it.
     */
    private static final long GRACE_MILLIS = 10_000;
    /** The lock file of each server's data directory (the storage's own). */
    private static final String SERVER_LOCK = "LOCK";
    private static final int DELETE_PASSES = 20;
    private static final long DELETE_PAUSE_MILLIS = 250;

    /** Locks held for the life of this JVM; never released before it exits. */
    private static final List<FileChannel> HELD = new ArrayList<>();

    private RunDirectories() {
    }

    /**
     * Creates and locks this run's log directory under {@code logs}, then removes the
     * oldest run directories beyond the newest {@link #KEEP_RUNS}, unless still in use.
     */
    static Path newLogDir(Path logs) throws IOException {
        Path dir = logs.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))
                + "-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        hold(dir);
        List<Path> runs;
        try (Stream<Path> list = Files.list(logs)) {
            // The names start with the time, so their order is the runs' order.
            runs = list.filter(p -> p.getFileName().toString().startsWith("run-") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path old : runs.subList(0, Math.max(0, runs.size() - KEEP_RUNS))) {
            if (!old.equals(dir)) {
                deleteIfUnused(old, false);
            }
        }
        return dir;
    }

    /** Creates and locks a fresh data directory in {@code tmp}, for one script run. */
    static Path newDataDir(Path tmp) throws IOException {
        Path dir = Files.createTempDirectory(tmp, DATA_PREFIX);
        hold(dir);
        return dir;
    }

    /** Deletes the data directories in {@code tmp} that masters killed earlier left behind. */
    static void sweepDataDirs(Path tmp) {
        try (Stream<Path> list = Files.list(tmp)) {
            for (Path dir : list.filter(p -> p.getFileName().toString().startsWith(DATA_PREFIX)).toList()) {
                // Only a directory with a lock file: one without may have been made a moment
                // ago by a master that is about to lock it; or it is not a master's at all.
                if (Files.isDirectory(dir) && Files.exists(dir.resolve(LOCK))) {
                    deleteIfUnused(dir, true);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a directory we cannot list or delete is the system's to clean.
        }
    }

    /**
     * Deletes {@code dir} unless a live master holds its lock, or, with {@code servers},
     * a live server holds the lock of a data directory in it.
     */
    static void deleteIfUnused(Path dir, boolean servers) {
        List<FileChannel> locked = new ArrayList<>();
        try {
            Path lock = dir.resolve(LOCK);
            if (Files.exists(lock)
                    && System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis() < GRACE_MILLIS) {
                return;
            }
            if (!tryLock(lock, locked)) {
                return;
            }
            if (servers) {
                try (Stream<Path> nodes = Files.list(dir)) {
                    for (Path node : nodes.filter(Files::isDirectory).toList()) {
                        if (!tryLock(node.resolve(SERVER_LOCK), locked)) {
                            return;
                        }
                    }
                }
            }
            deleteOnce(dir);
        } catch (IOException | UncheckedIOException e) {
            // Gone already, or not ours to delete.
        } finally {
            for (FileChannel channel : locked) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing releases the lock; nothing else to do
                }
            }
        }
    }

    /**
     * Deletes a tree whose processes were just killed. A killed server can still be on its
     * way out (a SIGKILLed process in an fsync exits only when the write returns), so a
     * file may appear or stay busy for a moment: a few passes, a short bound on them all.
     *
     * @return empty if the tree is gone, else why it is not (what was left is left)
     */
    static Optional<String> deleteTree(Path root) {
        IOException last = null;
        for (int pass = 0; pass < DELETE_PASSES; pass++) {
            if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (pass > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DELETE_PAUSE_MILLIS));
            }
            try {
                deleteOnce(root);
            } catch (IOException e) {
                last = e;
            }
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(root + " is left behind: " + (last == null ? "it came back" : last));
    }

    private static void deleteOnce(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        IOException first = null;
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static synchronized void hold(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException(dir + " is in use by another master");
        }
        HELD.add(channel);
    }

    /**
     * Locks {@code file} if nobody holds it, adding its channel to {@code locked}; true if
     * locked or if there is no such file.
     */
    private static boolean tryLock(Path file, List<FileChannel> locked) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it
        }
        if (lock == null) {
            channel.close();
            return false;
        }
        locked.add(channel);
        return true;
    }
}
