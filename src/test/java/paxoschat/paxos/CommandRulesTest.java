package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandRulesTest {

    private static String problem(String value, int max) {
        return CommandRules.fieldProblem("f", value, max);
    }

    @Test
    void wellFormedTextWithinTheLimitInCodePointsPasses() {
        assertThat(problem("hello", 64)).isNull();
        // 64 astral characters are 128 chars but 64 code points.
        assertThat(problem("😀".repeat(64), 64)).isNull();
        assertThat(problem("e\u0301 עברית \u200d", 64)).isNull();
    }

    @Test
    void eachProblemIsNamedWithTheSameWordsAsBefore() {
        assertThat(problem(null, 64)).isEqualTo("field 'f' is missing");
        assertThat(problem("", 64)).isEqualTo("field 'f' is empty");
        assertThat(problem("😀".repeat(65), 64)).isEqualTo("field 'f' is longer than 64 characters");
        assertThat(problem("a\nb", 64)).isEqualTo("field 'f' contains a control character");
        assertThat(problem("a\u007fb", 64)).isEqualTo("field 'f' contains a control character");
    }

    @Test
    void anUnpairedSurrogateIsNamedWithItsIndexAndWinsOverOtherProblems() {
        assertThat(problem("x\ud800y", 64))
                .isEqualTo("field 'f' is not well-formed text: an unpaired surrogate (U+D800) at index 1");
        assertThat(problem("ab\ud83d", 64)).endsWith("(U+D83D) at index 2");
        assertThat(problem("\ude00", 64)).endsWith("(U+DE00) at index 0");
        // A low surrogate before its high one is two unpaired halves: the first is named.
        assertThat(problem("a\ude00\ud83d", 64)).endsWith("(U+DE00) at index 1");
        // After a control character, and beyond the length limit: still the surrogate.
        assertThat(problem("\n" + "a".repeat(100) + "\ud800", 64)).endsWith("(U+D800) at index 101");
        assertThat(CommandRules.unpairedSurrogate("a😀\ud800")).isEqualTo(3);
    }
}
