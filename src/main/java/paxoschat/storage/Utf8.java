package paxoschat.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import paxoschat.paxos.CommandRules;

/**
 * UTF-8 without loss, both ways. {@link String#getBytes} turns an unpaired surrogate into
 * {@code ?} and {@code new String(bytes)} turns malformed bytes into U+FFFD: either way a
 * record would read back as something other than what was written, and a client id changed
 * that way made a replay take one client's message for another's duplicate. Here both are
 * errors instead (a {@link CharacterCodingException}, an {@code IOException}): what cannot be
 * stored exactly is not stored, and what does not decode is damage.
 */
final class Utf8 {

    private Utf8() {
    }

    static byte[] encode(String s) throws CharacterCodingException {
        int bad = CommandRules.unpairedSurrogate(s);
        if (bad >= 0) {
            throw new Unencodable("unpaired surrogate at index " + bad + " of a string of " + s.length() + " chars");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A string that UTF-8 cannot hold as it is. */
    static final class Unencodable extends CharacterCodingException {
        private final String reason;

        Unencodable(String reason) {
            this.reason = reason;
        }

        @Override
        public String getMessage() {
            return reason;
        }
    }

    static String decode(byte[] bytes) throws CharacterCodingException {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s; // the usual case: nothing was replaced, so nothing was malformed
        }
        // A U+FFFD may be real text, or a replacement: decode again, strictly, to tell.
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }
}
