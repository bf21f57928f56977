package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The judge of random scripts can fail: each invariant, broken on purpose in a made-up run
 * of a fixed script, is reported; the run as a correct system makes it passes.
 */
class ScriptJudgeTest {

    /** Three servers, two clients; a majority all along but for the two crashes. */
    private static final RandomScript SCRIPT = new RandomScript(0, 3, 2, List.of(
            "start 3 2",
            "sendMessage 0 a",
            "sendMessage 1 b",
            "crashServer 1",
            "crashServer 2",
            "sendMessage 0 c",
            "printChatLog 1",
            "restartServer 1",
            "allClear",
            "sendMessage 1 d",
            "restartServer 2",
            "allClear",
            "printChatLog 0",
            "printChatLog 1"));

    /** The trace of a correct run, with {@code printed} entries for the three prints. */
    private static List<String> trace(int first, int second, int third) {
        String all = "[alive 0,1,2; recovering -";
        List<String> t = new ArrayList<>(List.of(
                "master: 900 ms: start 3 2 " + all + "]",
                "master: 20 ms: sendMessage 0 a " + all + "]",
                "master: 20 ms: sendMessage 1 b " + all + "]",
                "master: 20 ms: crashServer 1 [alive 0,2; recovering -]",
                "master: 20 ms: crashServer 2 [alive 0; recovering -]",
                "master: 20 ms: sendMessage 0 c [alive 0; recovering -]",
                "master: 20 ms: printChatLog 1 [alive 0; recovering -; printed " + first + "]",
                "master: 20 ms: restartServer 1 [alive 0,1; recovering -]",
                "master: 20 ms: allClear [alive 0,1; recovering -]",
                "master: 20 ms: sendMessage 1 d [alive 0,1; recovering -]",
                "master: 20 ms: restartServer 2 " + all + "]",
                "master: 20 ms: allClear " + all + "]",
                "master: 20 ms: printChatLog 0 " + all + "; printed " + second + "]",
                "master: 20 ms: printChatLog 1 " + all + "; printed " + third + "]"));
        return t;
    }

    private static final String FINAL = "0 0: a\n1 1: b\n2 0: c\n3 1: d\n";

    @Test
    void aCorrectRunPasses() {
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: b\n" + FINAL + FINAL, trace(2, 4, 4))).isEmpty();
    }

    @Test
    void gapsDuplicatesStrangersAndWrongSendersAreCaught() {
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n2 1: b\n" + FINAL + FINAL, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("has seq 2"));
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 0: a\n" + FINAL + FINAL, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("appears twice"));
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: d\n" + FINAL + FINAL, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("'d' was never sent"));
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 0: b\n" + FINAL + FINAL, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("shows sender 0"));
    }

    @Test
    void logsThatDisagreeOrShrinkAreCaught() {
        String other = "0 0: a\n1 1: b\n2 1: d\n3 0: c\n";
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: b\n" + FINAL + other, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("not a prefix")).anyMatch(v -> v.contains("last logs differ"));
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: b\n" + FINAL + "0 0: a\n", trace(2, 4, 1)))
                .anyMatch(v -> v.contains("shrank"));
    }

    @Test
    void aLostMessageOrOneOutOfSendOrderIsCaught() {
        String withoutC = "0 0: a\n1 1: b\n2 1: d\n";
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: b\n" + withoutC + withoutC, trace(2, 3, 3)))
                .anyMatch(v -> v.contains("'c' (sent at step 5) is not in the final log"))
                .anyMatch(v -> v.contains("'d' was sent with a majority up after 'c', which is missing"));
        String swapped = "0 1: b\n1 0: a\n2 0: c\n3 1: d\n";
        assertThat(ScriptJudge.judge(SCRIPT, "0 1: b\n1 0: a\n" + swapped + swapped, trace(2, 4, 4)))
                .anyMatch(v -> v.contains("'b' was sent with a majority up after 'a', which comes after it"));
    }

    @Test
    void anEndWithoutAVotingMajorityNeedsTheMastersWord() {
        List<String> stranded = trace(2, 2, 2);
        stranded.set(11, "master: 20 ms: allClear [alive 0,1,2; recovering 1,2]");
        stranded.set(12, "master: 20 ms: printChatLog 0 [alive 0,1,2; recovering 1,2; printed 2]");
        stranded.set(13, "master: 20 ms: printChatLog 1 [alive 0,1,2; recovering 1,2; printed 2]");
        String out = "0 0: a\n1 1: b\n0 0: a\n1 1: b\n0 0: a\n1 1: b\n";
        assertThat(ScriptJudge.judge(SCRIPT, out, stranded)).anyMatch(v -> v.contains("never said"));
        List<String> said = new ArrayList<>(stranded);
        said.add("master: the cluster cannot decide: ...");
        assertThat(ScriptJudge.judge(SCRIPT, out, said)).isEmpty();
    }

    @Test
    void aMasterThatStoppedEarlyOrGaveUpIsCaught() {
        assertThat(ScriptJudge.judge(SCRIPT, "", trace(2, 4, 4).subList(0, 5)))
                .anyMatch(v -> v.contains("did the master stop early"));
        List<String> gaveUp = trace(2, 4, 4);
        gaveUp.add("master: allClear: gave up after 30 s: no server leads");
        assertThat(ScriptJudge.judge(SCRIPT, "0 0: a\n1 1: b\n" + FINAL + FINAL, gaveUp))
                .anyMatch(v -> v.contains("gave up"));
    }
}
