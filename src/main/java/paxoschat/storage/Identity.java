package paxoschat.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two small files that say what a data directory is. {@code IDENTITY} is written, durably,
 * when a server first makes the directory: it belongs to node N of a cluster of M, and its
 * presence says that the server has been part of that cluster, so an empty or missing
 * directory later is a lost disk, not a new server (docs/storage.md, "A lost or damaged
 * directory"). {@code RECOVERING} is there while a server that lost its state recovers from
 * its peers: a start that finds it does not vote from what the directory holds, but
 * recovers again.
 */
final class Identity {

    static final String NAME = "IDENTITY";
    static final String RECOVERING = "RECOVERING";
    private static final Pattern FORMAT = Pattern.compile("paxos-chat data directory\nnode (\\d+) of (\\d+)\n");

    /** Node {@code node} of a cluster of {@code clusterSize}. */
    record Member(int node, int clusterSize) {
        @Override
        public String toString() {
            return "node " + node + " of " + clusterSize;
        }
    }

    private Identity() {
    }

    /** Writes {@code member}'s identity into {@code dir}, atomically and durably. */
    static void write(Path dir, Member member) throws IOException {
        Path tmp = dir.resolve(NAME + ".tmp");
        byte[] text = ("paxos-chat data directory\nnode " + member.node() + " of " + member.clusterSize() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE);
        DataDirectory.force(dir);
    }

    /** The identity {@code dir} holds, or null if it holds none; an unreadable one is damage. */
    static Member read(Path dir) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new DamagedStorageException("storage: cannot read " + dir.resolve(NAME) + ": " + e);
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new DamagedStorageException("storage: " + dir.resolve(NAME) + " is damaged (it does not say which"
                    + " node of which cluster the directory belongs to)");
        }
        try {
            return new Member(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw new DamagedStorageException("storage: " + dir.resolve(NAME) + " is damaged: " + e.getMessage());
        }
    }

    static boolean recovering(Path dir) {
        return Files.exists(dir.resolve(RECOVERING));
    }

    /** From now on a start recovers from the peers, until {@link #recovered}. */
    static void startRecovering(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(RECOVERING), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        DataDirectory.force(dir);
    }

    static void recovered(Path dir) throws IOException {
        if (Files.deleteIfExists(dir.resolve(RECOVERING))) {
            DataDirectory.force(dir);
        }
    }
}
