package paxoschat.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of the files in a data directory (docs/storage.md, "Data layout"):
 * {@code wal-N.log} is segment N, {@code snapshot-N.snap} the state after every record of
 * the segments below N, {@code snapshot-N.snap.tmp} one being written.
 */
final class DataDirectory {

    private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{16})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{16})\\.snap");

    /** Segments and snapshots by number. */
    record Listing(TreeMap<Long, Path> segments, TreeMap<Long, Path> snapshots) {
    }

    private DataDirectory() {
    }

    static Path segment(Path dir, long n) {
        return dir.resolve(String.format("wal-%016d.log", n));
    }

    static Path snapshot(Path dir, long n) {
        return dir.resolve(String.format("snapshot-%016d.snap", n));
    }

    static Path temporarySnapshot(Path dir, long n) {
        return dir.resolve(String.format("snapshot-%016d.snap.tmp", n));
    }

    /** Lists segments and snapshots, and deletes snapshots that were never renamed into place. */
    static Listing scan(Path dir) throws IOException {
        Listing listing = new Listing(new TreeMap<>(), new TreeMap<>());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                Matcher m;
                if ((m = SEGMENT.matcher(name)).matches()) {
                    listing.segments().put(Long.parseLong(m.group(1)), p);
                } else if ((m = SNAPSHOT.matcher(name)).matches()) {
                    listing.snapshots().put(Long.parseLong(m.group(1)), p);
                } else if (name.endsWith(".tmp")) {
                    Files.delete(p);
                }
            }
        }
        return listing;
    }

    /**
     * Deletes the segments and snapshots numbered below {@code covers} (a snapshot there
     * replaces them), and makes that durable: a deleted segment that came back after a
     * crash would not follow the snapshot's segments.
     */
    static void deleteBelow(Path dir, long covers) throws IOException {
        boolean deleted = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                Matcher seg = SEGMENT.matcher(name);
                Matcher snap = SNAPSHOT.matcher(name);
                if (seg.matches() && Long.parseLong(seg.group(1)) < covers
                        || snap.matches() && Long.parseLong(snap.group(1)) < covers) {
                    deleted |= Files.deleteIfExists(p);
                }
            }
        }
        if (deleted) {
            force(dir);
        }
    }

    /**
     * Creates {@code dir} and the directories above it that are missing, and makes every
     * one of those new entries durable (a directory whose entry a crash took back would
     * take its files with it).
     */
    static void create(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(absolute);
        for (Path p = absolute; p != null; p = p.getParent()) {
            force(p);
            if (p.equals(existing)) {
                break;
            }
        }
    }

    /** True if {@code dir} holds a snapshot or a segment that is not empty. */
    static boolean holdsRecords(Path dir) throws IOException {
        Listing files = scan(dir);
        if (!files.snapshots().isEmpty()) {
            return true;
        }
        for (Path segment : files.segments().values()) {
            if (Files.size(segment) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves every segment and snapshot into a new directory {@code damaged-N} inside
     * {@code dir} (kept for whoever looks into the damage, never read again), durably.
     * Returns it.
     */
    static Path setAside(Path dir) throws IOException {
        Path aside;
        for (int n = 1;; n++) {
            aside = dir.resolve("damaged-" + n);
            if (!Files.exists(aside)) {
                break;
            }
        }
        Files.createDirectory(aside);
        Listing files = scan(dir);
        for (Path p : files.segments().values()) {
            Files.move(p, aside.resolve(p.getFileName()));
        }
        for (Path p : files.snapshots().values()) {
            Files.move(p, aside.resolve(p.getFileName()));
        }
        force(aside);
        force(dir);
        return aside;
    }

    /** Makes the directory's entries (files created, renamed, deleted) durable. */
    static void force(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename is still atomic.
            if (!"Is a directory".equals(e.getMessage())) {
                throw e;
            }
        }
    }
}
