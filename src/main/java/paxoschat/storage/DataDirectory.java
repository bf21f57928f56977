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

    /** Deletes the segments and snapshots numbered below {@code covers}: a snapshot there replaces them. */
    static void deleteBelow(Path dir, long covers) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                Matcher seg = SEGMENT.matcher(name);
                Matcher snap = SNAPSHOT.matcher(name);
                if (seg.matches() && Long.parseLong(seg.group(1)) < covers
                        || snap.matches() && Long.parseLong(snap.group(1)) < covers) {
                    Files.deleteIfExists(p);
                }
            }
        }
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
