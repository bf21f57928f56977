package paxoschat.paxos;

/**
 * What a chat command may hold (SPEC §3), checked wherever one enters a server: a client's
 * POST /messages and the commands inside a peer's Paxos messages, so that a peer can slip
 * in nothing a client could not. Every field is exact text or refused: Java strings may
 * hold unpaired surrogates, which no UTF-8 encoder can write without loss (a lenient one
 * writes {@code ?}, which once merged two client ids into one and lost a message).
 */
public final class CommandRules {

    public static final int MAX_SENDER = 64;
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_CLIENT_ID = 64;

    private CommandRules() {
    }

    /** What is wrong with {@code c}, or null if nothing is. */
    public static String problem(Command c) {
        if (c == null) {
            return "null command";
        }
        String p = fieldProblem("sender", c.sender(), MAX_SENDER);
        if (p == null) {
            p = fieldProblem("text", c.text(), MAX_TEXT);
        }
        if (p == null) {
            p = fieldProblem("clientId", c.clientId(), MAX_CLIENT_ID);
        }
        if (p == null && c.requestId() <= 0) {
            p = "field 'requestId' must be a positive integer";
        }
        return p;
    }

    /**
     * What is wrong with a text field: missing, empty, longer than {@code max} characters
     * (code points), ill-formed (an unpaired surrogate), or holding a control character
     * (newlines included: they would break the line-per-message log format); null if
     * nothing is.
     */
    public static String fieldProblem(String field, String value, int max) {
        if (value == null) {
            return "field '" + field + "' is missing";
        }
        int bad = unpairedSurrogate(value);
        if (bad >= 0) {
            return "field '" + field + "' is not well-formed text: an unpaired surrogate (U+"
                    + Integer.toHexString(value.charAt(bad)).toUpperCase() + ") at index " + bad;
        }
        // Loops, not streams: this runs for every command on every server that receives it,
        // on JVMs that only ever compile with C1. Well-formed now, so every char but the low
        // half of a pair is a code point, and no half of a pair is a control character.
        int length = 0;
        boolean control = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!Character.isLowSurrogate(ch)) {
                length++;
            }
            control |= Character.isISOControl(ch);
        }
        if (length == 0) {
            return "field '" + field + "' is empty";
        }
        if (length > max) {
            return "field '" + field + "' is longer than " + max + " characters";
        }
        if (control) {
            return "field '" + field + "' contains a control character";
        }
        return null;
    }

    /**
     * An upper bound of the bytes {@code c} takes in a message or a record (UTF-8 takes at
     * most three bytes per UTF-16 char, JSON's escapes of quotes and backslashes two), plus
     * room for the numbers and names around them: what batches and catch-up chunks are
     * bounded by, so that no message grows with how many commands fit a count.
     */
    public static long bytesOf(Command c) {
        return 3L * (c.clientId().length() + c.sender().length() + c.text().length()) + 96;
    }

    /** The index of the first surrogate in {@code s} that is not half of a pair, or -1. */
    public static int unpairedSurrogate(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
