package paxoschat.testing;

import java.util.Random;

/**
 * Chat texts of every kind of Unicode for the tests that send messages (the simulation,
 * the Jepsen writers), so that they check that what comes back is the text to the byte,
 * not ASCII alone (issue 18). Only what a chat message may hold: no control characters,
 * no unpaired surrogates (storage/TextRoundTripTest tries those too).
 */
public final class RandomText {

    /** Code point ranges: ASCII, combining marks, right to left, joiners and bidi marks, CJK, specials, emoji, astral. */
    private static final int[][] KINDS = {
        {0x20, 0x7E}, {0x300, 0x36F}, {0x5D0, 0x5EA}, {0x600, 0x6FF}, {0x200B, 0x200F},
        {0x4E00, 0x9FFF}, {0xFFF9, 0xFFFD}, {0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF},
    };

    private RandomText() {
    }

    /**
     * {@code prefix}, a space and up to {@code maxCodePoints} random code points, from a
     * generator seeded by {@code seed} alone, so that a caller's own random stream (and
     * with it a seed's schedule) stays the same whatever the texts.
     */
    public static String after(String prefix, long seed, int maxCodePoints) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(prefix).append(' ');
        int length = random.nextInt(maxCodePoints + 1);
        int[] kind = KINDS[random.nextInt(KINDS.length)];
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                kind = KINDS[random.nextInt(KINDS.length)];
            }
            b.appendCodePoint(kind[0] + random.nextInt(kind[1] - kind[0] + 1));
        }
        return b.toString();
    }
}
