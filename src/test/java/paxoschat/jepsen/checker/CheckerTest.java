package paxoschat.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import paxoschat.jepsen.history.Event;
import paxoschat.jepsen.history.History;
import paxoschat.jepsen.workload.LogEntry;
import paxoschat.jepsen.workload.Reader;
import paxoschat.jepsen.workload.Writer;

/** The checker finds each kind of violation it promises to find, and passes a clean run. */
class CheckerTest {

    private final Map<String, Writer.Sent> sent = new HashMap<>();
    private final List<Event> history = new ArrayList<>();

    private LogEntry entry(long seq, String client, long request) {
        sent.putIfAbsent(client + "/" + request, new Writer.Sent(client, request, "w-" + client, client + " #" + request));
        return new LogEntry(seq, "w-" + client, client + " #" + request, client, request);
    }

    private void acked(String client, long request, long seq) {
        history.add(new Event(0, "w", "invoke", "write", 0, client, request, null, null, null));
        history.add(new Event(1, "w", "ok", "write", 0, client, request, seq, null, null));
    }

    private Checker.Result check(List<List<LogEntry>> logs, List<List<LogEntry>> views) {
        return Checker.check(new Checker.Input(history, sent, logs, views, List.of()));
    }

    @Test
    void aCleanRunIsValid() {
        List<LogEntry> log = List.of(entry(0, "a", 1), entry(1, "b", 1), entry(2, "a", 2));
        acked("a", 1, 0);
        acked("b", 1, 1);
        acked("a", 2, 2);
        Checker.Result r = check(List.of(log, log.subList(0, 2), log), List.of(log.subList(0, 1)));
        assertThat(r.violations()).isEmpty();
        assertThat(r.acknowledged()).isEqualTo(3);
        assertThat(r.lost()).isZero();
        assertThat(r.operations()).isEqualTo(3);
    }

    @Test
    void anAcknowledgedMessageMissingFromTheLogIsLost() {
        List<LogEntry> log = List.of(entry(0, "a", 1));
        entry(1, "a", 2);
        acked("a", 1, 0);
        acked("a", 2, 1);
        Checker.Result r = check(List.of(log), List.of());
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.violations()).anyMatch(v -> v.contains("a/2") && v.contains("not in the log"));
    }

    @Test
    void aMessageTwiceInTheLogIsDuplicated() {
        List<LogEntry> log = List.of(entry(0, "a", 1), entry(1, "a", 1));
        Checker.Result r = check(List.of(log), List.of());
        assertThat(r.duplicated()).isEqualTo(1);
    }

    @Test
    void aMessageNeverSentIsAViolation() {
        List<LogEntry> log = List.of(new LogEntry(0, "x", "ghost", "nobody", 1));
        assertThat(check(List.of(log), List.of()).violations()).anyMatch(v -> v.contains("never sent"));
    }

    @Test
    void anAcknowledgementAtAnotherSeqIsAViolation() {
        List<LogEntry> log = List.of(entry(0, "b", 1), entry(1, "a", 1));
        acked("a", 1, 0);
        assertThat(check(List.of(log), List.of()).violations()).anyMatch(v -> v.contains("but is at seq 1"));
    }

    @Test
    void divergingServerLogsAreAViolation() {
        List<LogEntry> one = List.of(entry(0, "a", 1), entry(1, "b", 1));
        List<LogEntry> two = List.of(entry(0, "a", 1), entry(1, "c", 1), entry(2, "b", 1));
        assertThat(check(List.of(one, two), List.of()).violations()).anyMatch(v -> v.contains("not a prefix"));
    }

    @Test
    void aClientsMessagesOutOfOrderAreAViolation() {
        List<LogEntry> log = List.of(entry(0, "a", 2), entry(1, "a", 1));
        assertThat(check(List.of(log), List.of()).violations()).anyMatch(v -> v.contains("client a"));
    }

    @Test
    void aReaderViewThatIsNotAPrefixIsAViolation() {
        List<LogEntry> log = List.of(entry(0, "a", 1), entry(1, "b", 1));
        List<LogEntry> view = List.of(entry(0, "b", 1));
        assertThat(check(List.of(log), List.of(view)).violations()).anyMatch(v -> v.contains("reader 0"));
    }

    @Test
    void aMessageSentAfterAnotherWasAcknowledgedMustComeAfterIt() {
        List<LogEntry> log = List.of(entry(0, "b", 1), entry(1, "a", 1));
        history.add(new Event(0, "wa", "invoke", "write", 0, "a", 1L, null, null, null));
        history.add(new Event(5, "wa", "ok", "write", 0, "a", 1L, 1L, null, null));
        history.add(new Event(6, "wb", "invoke", "write", 0, "b", 1L, null, null, null));
        history.add(new Event(9, "wb", "ok", "write", 0, "b", 1L, 0L, null, null));
        assertThat(check(List.of(log), List.of()).violations()).anyMatch(v -> v.contains("b/1 at seq 0 was first sent"));
    }

    @Test
    void concurrentMessagesMayComeInEitherOrder() {
        List<LogEntry> log = List.of(entry(0, "b", 1), entry(1, "a", 1));
        history.add(new Event(0, "wa", "invoke", "write", 0, "a", 1L, null, null, null));
        history.add(new Event(2, "wb", "invoke", "write", 0, "b", 1L, null, null, null));
        history.add(new Event(5, "wa", "ok", "write", 0, "a", 1L, 1L, null, null));
        history.add(new Event(9, "wb", "ok", "write", 0, "b", 1L, 0L, null, null));
        assertThat(check(List.of(log), List.of()).violations()).isEmpty();
    }

    @Test
    void aRefusedWriteIsAViolation() {
        history.add(new Event(0, "w", "fail", "write", 0, "a", 1L, null, null, "400 bad"));
        assertThat(check(List.of(List.of()), List.of()).violations()).anyMatch(v -> v.contains("refused"));
    }

    @Test
    void aReaderNoticesAReadThatChangesOrSkipsWhatItSaw() {
        Reader reader = new Reader(0, null, new History(), 1, Reader.newViolationList());
        assertThat(reader.extend(0, List.of(entry(0, "a", 1), entry(1, "b", 1)))).isNull();
        assertThat(reader.extend(0, List.of(entry(0, "a", 1), entry(1, "b", 1), entry(2, "c", 1)))).isNull();
        assertThat(reader.view()).hasSize(3);
        assertThat(reader.extend(1, List.of(entry(1, "c", 1)))).contains("seq 1 was");
        assertThat(reader.extend(2, List.of(entry(3, "d", 1)))).contains("has seq 3");
    }
}
