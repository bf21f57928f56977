package paxoschat.warmstart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the master tells a restored {@link WarmTemplate} which server to be: the server's
 * arguments on its standard input, one per line, then an empty line. The reader takes no
 * byte beyond that line, because the rest of standard input belongs to the server, which
 * halts when it closes ({@code paxos.exit-with-parent}).
 */
public final class ServerArguments {

    private ServerArguments() {
    }

    public static byte[] encode(List<String> arguments) {
        StringBuilder message = new StringBuilder();
        for (String argument : arguments) {
            if (argument.isEmpty() || argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a server argument must be one non-empty line: '" + argument + "'");
            }
            message.append(argument).append('\n');
        }
        return message.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The arguments, or empty if the input ended before the empty line. */
    public static Optional<List<String>> decode(InputStream in) throws IOException {
        List<String> arguments = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        // One byte at a time: a buffered reader would swallow what follows the empty line.
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.write(b);
            } else if (line.size() == 0) {
                return Optional.of(List.copyOf(arguments));
            } else {
                arguments.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
        return Optional.empty();
    }
}
