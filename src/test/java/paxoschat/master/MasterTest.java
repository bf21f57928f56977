package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The interpreter against the in-memory cluster: what goes to stdout, what to stderr. */
class MasterTest {

    private final FakeCluster cluster = new FakeCluster();
    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final List<String> stderr = new ArrayList<>();
    private final Master master = new Master(cluster, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            stderr::add, clock, clock, "test");

    private String run(String script) throws Exception {
        master.run(new BufferedReader(new StringReader(script)));
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void simpleScriptPrintsTheLog() throws Exception {
        String out = run("start 3 2\nsendMessage 0 helloWorld\nallClear\nprintChatLog 0");
        assertThat(out).isEqualTo("0 0: helloWorld\n");
        assertThat(stderr).isEmpty();
    }

    @Test
    void everyClientPrintsTheSameLog() throws Exception {
        String out = run("start 5 5\nsendMessage 3 hello_3\nallClear\nsendMessage 4 hello_4\nallClear\n"
                + "printChatLog 0\nprintChatLog 4\n");
        assertThat(out).isEqualTo("0 3: hello_3\n1 4: hello_4\n0 3: hello_3\n1 4: hello_4\n");
    }

    @Test
    void emptyLogPrintsNothing() throws Exception {
        assertThat(run("start 3 2\nallClear\nprintChatLog 1\n")).isEmpty();
        assertThat(stderr).isEmpty();
    }

    @Test
    void nonAsciiTextIsPrintedAsUtf8() throws Exception {
        String out = run("start 3 1\nsendMessage 0 héllo «wörld» 日本 🙂\nallClear\nprintChatLog 0");
        assertThat(stdout.toByteArray()).isEqualTo("0 0: héllo «wörld» 日本 🙂\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bogus 1", "start 3", "start 2 2", "sendMessage 2 x", "sendMessage 9 x", "sendMessage 0",
        "crashServer 3", "crashServer x", "restartServer 0", "printChatLog 2", "printChatLog",
        "timeBombLeader", "allClear 1", "crashServer 1 1"
    })
    void aBadLineAfterStartCostsOneStderrLineAndChangesNothing(String bad) throws Exception {
        run("start 3 2\nsendMessage 0 a\nallClear\n");
        stderr.clear();
        String before = stdout.toString(StandardCharsets.UTF_8);
        run(bad + "\n");
        assertThat(stderr).hasSize(1);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(before);
        assertThat(cluster.starts).isEqualTo(1);
        assertThat(cluster.crashes).isZero();
        assertThat(cluster.restarts).isZero();
        assertThat(cluster.decided()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sendMessage 0 x", "crashServer 0", "restartServer 0", "allClear",
        "timeBombLeader 0", "printChatLog 0"})
    void anyCommandBeforeStartIsBad(String line) throws Exception {
        assertThat(run(line)).isEmpty();
        assertThat(stderr).hasSize(1);
        assertThat(stderr.get(0)).contains("before start");
        assertThat(cluster.started()).isFalse();
    }

    @Test
    void crashingADeadServerOrRestartingALiveOneIsBad() throws Exception {
        run("start 3 1\ncrashServer 1\ncrashServer 1\nrestartServer 0\nrestartServer 1\n");
        assertThat(stderr).hasSize(2);
        assertThat(cluster.crashes).isEqualTo(1);
        assertThat(cluster.restarts).isEqualTo(1);
    }

    @Test
    void badLinesMixedInDoNotDisturbTheOutput() throws Exception {
        String out = run("start 3 2\n\nfoo\nsendMessage 0 one  \n   \nsendMessage 5 nope\nallClear\n"
                + "printChatLog 7\nprintChatLog 0 \nprintChatLog 1");
        assertThat(out).isEqualTo("0 0: one\n0 0: one\n");
        assertThat(stderr).hasSize(3);
    }

    @Test
    void zeroClientsIsAllowedButEveryClientIndexIsOutOfRange() throws Exception {
        run("start 1 0\nsendMessage 0 x\nprintChatLog 0");
        assertThat(stderr).hasSize(2).allSatisfy(l -> assertThat(l).contains("no clients"));
    }

    @Test
    void aMessageSentWithoutMajorityIsDecidedWhenTheMajorityReturns() throws Exception {
        String out = run("start 3 2\ncrashServer 1\ncrashServer 2\nsendMessage 0 lonely\nallClear\n"
                + "printChatLog 0\nrestartServer 1\nallClear\nprintChatLog 0\nprintChatLog 1");
        assertThat(out).isEqualTo("0 0: lonely\n0 0: lonely\n");
        assertThat(stderr).isEmpty();
    }

    @Test
    void aMessageHeldByAServerThatCrashesIsSentAgainElsewhere() throws Exception {
        cluster.holdDecisions = true;
        run("start 5 2\nsendMessage 0 before\n");
        assertThat(cluster.server(0).pending).hasSize(1);
        cluster.holdDecisions = false;
        String out = run("crashServer 0\ncrashServer 1\nallClear\nsendMessage 1 after\nallClear\n"
                + "printChatLog 0\nprintChatLog 1");
        assertThat(out).isEqualTo("0 0: before\n1 1: after\n0 0: before\n1 1: after\n");
    }

    @Test
    void aSendWaitsForAnotherClientsUndecidedMessageSoThatSendOrderHolds() throws Exception {
        cluster.holdDecisions = true;
        run("start 5 2\nsendMessage 0 first\n");
        cluster.holdDecisions = false;
        // Server 0 dies holding "first"; without waiting, "second" would be decided before it.
        String out = run("crashServer 0\nsendMessage 1 second\nallClear\nprintChatLog 1");
        assertThat(out).isEqualTo("0 0: first\n1 1: second\n");
        assertThat(stderr).isEmpty();
    }

    @Test
    void withoutMajorityASendDoesNotWaitForOthers() throws Exception {
        run("start 3 2\ncrashServer 1\ncrashServer 2\nsendMessage 0 a\n");
        long before = clock.getAsLong();
        run("sendMessage 1 b\n");
        assertThat(clock.getAsLong() - before).isLessThan(1_000);
        assertThat(stderr).isEmpty();
    }

    @Test
    void timeBombGoesToTheLeaderAndZeroWaitsForItsDeath() throws Exception {
        run("start 3 1\nsendMessage 0 a\nallClear\ntimeBombLeader 0\nallClear\nsendMessage 0 b\nallClear\n");
        assertThat(cluster.timeBombs).containsExactly("0:0");
        assertThat(cluster.isAlive(0)).isFalse();
        assertThat(run("restartServer 0\nallClear\nprintChatLog 0")).isEqualTo("0 0: a\n1 0: b\n");
        assertThat(stderr).isEmpty();
    }

    @Test
    void timeBombWithoutLeaderGivesUpWithOneLine() throws Exception {
        run("start 3 1\ncrashServer 0\ncrashServer 1\ntimeBombLeader 2\n");
        assertThat(stderr).hasSize(1).first().asString().contains("no live server leads");
        assertThat(cluster.timeBombs).isEmpty();
    }

    @Test
    void allClearNeverHangs() throws Exception {
        cluster.holdDecisions = true;
        run("start 3 1\nsendMessage 0 stuck\nallClear\n");
        assertThat(stderr).hasSize(1).first().asString().contains("allClear: gave up");
    }

    @Test
    void inMemoryModeAStrandedClusterReturnsAtOnceAndSaysWhyOnce() throws Exception {
        cluster.memory = true;
        run("start 3 1\nsendMessage 0 a\nallClear\ncrashServer 1\ncrashServer 2\nsendMessage 0 b\n");
        long before = clock.getAsLong();
        String out = run("restartServer 1\nallClear\nrestartServer 2\nallClear\nsendMessage 0 c\nallClear\n"
                + "printChatLog 0");
        assertThat(out).isEqualTo("0 0: a\n");
        assertThat(stderr).filteredOn(l -> l.contains("cannot decide")).hasSize(1).first().asString()
                .contains("server 1 was restarted without its state", "1 is up (0)", "in memory mode none does");
        assertThat(clock.getAsLong() - before).as("no wait for a recovery that cannot come").isLessThan(1_000);
    }

    @Test
    void inMemoryModeARecoveryWithAMajorityOfVotersUpSucceedsSilently() throws Exception {
        cluster.memory = true;
        String out = run("start 3 1\ncrashServer 1\nrestartServer 1\nallClear\ncrashServer 0\nsendMessage 0 a\n"
                + "allClear\nprintChatLog 0");
        assertThat(out).isEqualTo("0 0: a\n");
        assertThat(stderr).isEmpty();
    }

    @Test
    void whenEveryLiveServerIsStrandedASendDoesNotWaitForOneToTakeIt() throws Exception {
        cluster.memory = true;
        run("start 3 2\ncrashServer 0\ncrashServer 1\ncrashServer 2\nrestartServer 0\nrestartServer 1\n");
        stderr.clear();
        long before = clock.getAsLong();
        run("sendMessage 1 never\ntimeBombLeader 1\nallClear\nprintChatLog 1");
        assertThat(clock.getAsLong() - before).isLessThan(1_000);
        assertThat(stderr).anyMatch(l -> l.contains("every live server is stranded"))
                .anyMatch(l -> l.contains("no live server leads"));
        assertThat(cluster.decided()).isEmpty();
    }
}
