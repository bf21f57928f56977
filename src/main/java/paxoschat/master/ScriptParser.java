package paxoschat.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one script line into a {@link Command}. Pure syntax: the words, the number of
 * arguments and that they are non-negative integers. A blank line yields empty; a bad line
 * throws {@link BadCommandException} with a message fit for one stderr line.
 */
public final class ScriptParser {

    /** Large enough for any sane script, small enough that no count overflows later. */
    private static final int MAX_NUMBER = 1_000_000;

    public Optional<Command> parse(String rawLine) {
        // The harness strips trailing white space itself; a person typing may not, and may
        // indent, so both ends are forgiven — but only trailing space is cut from the text.
        // A byte-order mark (editors on Windows write one) is not part of the first command.
        String line = (rawLine.startsWith("\uFEFF") ? rawLine.substring(1) : rawLine).stripTrailing();
        String body = line.stripLeading();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        int end = firstWhitespace(body, 0);
        String word = body.substring(0, end);
        String rest = body.substring(end);
        return Optional.of(switch (word) {
            case "start" -> {
                List<String> args = args(word, rest, 2, "start N M");
                int n = number(args.get(0), "N", word);
                int m = number(args.get(1), "M", word);
                if (n < 1) {
                    throw new BadCommandException("start needs at least 1 server, got " + n);
                }
                yield new Command.Start(n, m);
            }
            case "sendMessage" -> sendMessage(rest);
            case "crashServer" -> new Command.CrashServer(
                    number(args(word, rest, 1, "crashServer i").get(0), "i", word));
            case "restartServer" -> new Command.RestartServer(
                    number(args(word, rest, 1, "restartServer i").get(0), "i", word));
            case "allClear" -> {
                args(word, rest, 0, "allClear");
                yield new Command.AllClear();
            }
            case "timeBombLeader" -> new Command.TimeBombLeader(
                    number(args(word, rest, 1, "timeBombLeader n").get(0), "n", word));
            case "printChatLog" -> new Command.PrintChatLog(
                    number(args(word, rest, 1, "printChatLog i").get(0), "i", word));
            default -> throw new BadCommandException("unknown command '" + abbreviate(word)
                    + "' (expected start, sendMessage, crashServer, restartServer, allClear,"
                    + " timeBombLeader or printChatLog)");
        });
    }

    /**
     * {@code sendMessage i text}: the text is everything after the index and exactly one
     * white-space character, so inner and leading spaces of the text survive.
     */
    private Command sendMessage(String rest) {
        String afterWord = rest.stripLeading();
        if (afterWord.isEmpty()) {
            throw new BadCommandException("sendMessage needs a client index and a text: sendMessage i text");
        }
        int end = firstWhitespace(afterWord, 0);
        int client = number(afterWord.substring(0, end), "i", "sendMessage");
        String text = end < afterWord.length() ? afterWord.substring(end + 1) : "";
        if (text.isEmpty()) {
            throw new BadCommandException("sendMessage " + client + " has no text: sendMessage i text");
        }
        return new Command.SendMessage(client, text);
    }

    private static List<String> args(String word, String rest, int count, String usage) {
        List<String> args = new ArrayList<>();
        for (String token : rest.strip().split("\\s+")) {
            if (!token.isEmpty()) {
                args.add(token);
            }
        }
        if (args.size() != count) {
            throw new BadCommandException(word + " takes " + count + " argument" + (count == 1 ? "" : "s")
                    + ", got " + args.size() + ": " + usage);
        }
        return args;
    }

    private static int number(String token, String name, String word) {
        if (!token.matches("[0-9]{1,9}") || Integer.parseInt(token) > MAX_NUMBER) {
            throw new BadCommandException(word + ": " + name + " must be a non-negative integer, got '"
                    + abbreviate(token) + "'");
        }
        return Integer.parseInt(token);
    }

    private static int firstWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
