package paxoschat.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The one line a master writes to a {@link Standby}'s standard input: the log file, then the
 * server's arguments, separated by NUL (which no argument can contain), ending in a newline.
 * Kept apart from Standby so the master loads no Spring class to write it.
 */
public final class StandbyAssignment {

    private StandbyAssignment() {
    }

    /**
     * Reads the assignment line byte by byte: what follows it on standard input belongs to the
     * server's parent watcher, so nothing past the newline may be consumed.
     *
     * @return the log file and the server arguments, or null at EOF
     */
    public static List<String> read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return null;
            }
            line.write(b);
        }
        List<String> fields = List.of(line.toString(StandardCharsets.UTF_8).split("\0", -1));
        if (fields.size() < 2 || fields.get(0).isEmpty()) {
            throw new IllegalArgumentException("standby: bad assignment: " + fields);
        }
        return fields;
    }

    /** The line {@link #read} reads. */
    public static String line(Path logFile, List<String> serverArgs) {
        StringBuilder line = new StringBuilder(logFile.toAbsolutePath().toString());
        for (String arg : serverArgs) {
            if (arg.indexOf('\0') >= 0 || arg.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("server argument with NUL or newline: " + arg);
            }
            line.append('\0').append(arg);
        }
        return line.append('\n').toString();
    }
}
