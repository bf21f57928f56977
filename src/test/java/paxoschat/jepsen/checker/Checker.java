package paxoschat.jepsen.checker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import paxoschat.jepsen.history.Event;
import paxoschat.jepsen.workload.LogEntry;
import paxoschat.jepsen.workload.Writer;

/**
 * Checks one run's history against the servers' final logs:
 * <ul>
 * <li>all servers' logs are prefixes of one another, with dense seqs 0, 1, 2 ...;</li>
 * <li>every acknowledged (201) message appears exactly once, at the seq it was acknowledged with;</li>
 * <li>nothing appears that was never sent, and what appears is what was sent;</li>
 * <li>no message appears twice;</li>
 * <li>each client's messages keep their order;</li>
 * <li>real-time order: a message acknowledged before another was first sent comes first;</li>
 * <li>each reader's view only grew and is a prefix of the final log;</li>
 * <li>no request was refused as bad input.</li>
 * </ul>
 * Convergence and recovery after the heal are measured by the run and added as violations there.
 */
public final class Checker {

    private Checker() {
    }

    public record Input(List<Event> history, Map<String, Writer.Sent> sent, List<List<LogEntry>> serverLogs,
                        List<List<LogEntry>> readerViews, List<String> readerViolations) {
    }

    public record Result(int operations, int writesSent, int acknowledged, int indeterminate, int lost,
                         int duplicated, int reads, int finalLength, List<String> violations) {

        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public static Result check(Input in) {
        List<String> violations = new ArrayList<>(in.readerViolations());

        // The servers' logs: dense, and prefixes of one another. The longest is the final log.
        List<LogEntry> longest = List.of();
        for (int s = 0; s < in.serverLogs().size(); s++) {
            List<LogEntry> log = in.serverLogs().get(s);
            if (log == null) {
                violations.add("server " + s + ": final log could not be read");
                continue;
            }
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).seq() != i) {
                    violations.add("server " + s + ": entry " + i + " has seq " + log.get(i).seq());
                    break;
                }
            }
            if (log.size() > longest.size()) {
                longest = log;
            }
        }
        for (int s = 0; s < in.serverLogs().size(); s++) {
            List<LogEntry> log = in.serverLogs().get(s);
            if (log != null) {
                int diverge = firstDifference(log, longest);
                if (diverge >= 0) {
                    violations.add("server " + s + "'s log is not a prefix of the longest log: seq " + diverge
                            + " is " + log.get(diverge) + " vs " + longest.get(diverge));
                }
            }
        }

        // Where each message is in the final log.
        Map<String, List<Long>> positions = new HashMap<>();
        for (LogEntry e : longest) {
            positions.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.seq());
        }
        int duplicated = 0;
        for (LogEntry e : longest) {
            Writer.Sent sent = in.sent().get(e.key());
            if (sent == null) {
                violations.add("seq " + e.seq() + " " + e + " was never sent");
            } else if (!sent.text().equals(e.text()) || !sent.sender().equals(e.sender())) {
                violations.add("seq " + e.seq() + " " + e + " differs from what was sent: " + sent);
            }
            List<Long> at = positions.get(e.key());
            if (at.size() > 1 && at.get(0) == e.seq()) {
                duplicated++;
                violations.add(e.key() + " appears " + at.size() + " times, at seqs " + at);
            }
        }

        // Acknowledged messages, from the history; refused requests are harness or server bugs.
        Map<String, Long> acked = new LinkedHashMap<>();
        int operations = 0;
        int reads = 0;
        for (Event ev : in.history()) {
            if (ev.type().equals("invoke")) {
                operations++;
                if (ev.f().equals("read")) {
                    reads++;
                }
            }
            if (!ev.f().equals("write")) {
                continue;
            }
            String key = ev.clientId() + "/" + ev.requestId();
            if (ev.type().equals("ok")) {
                Long before = acked.putIfAbsent(key, ev.seq());
                if (before != null && !before.equals(ev.seq())) {
                    violations.add(key + " was acknowledged at seq " + before + " and at seq " + ev.seq());
                }
            } else if (ev.type().equals("fail")) {
                violations.add(key + " was refused: " + ev.detail());
            }
        }
        int lost = 0;
        for (Map.Entry<String, Long> a : acked.entrySet()) {
            List<Long> at = positions.get(a.getKey());
            if (at == null) {
                lost++;
                violations.add(a.getKey() + " was acknowledged at seq " + a.getValue() + " but is not in the log");
            } else if (!at.get(0).equals(a.getValue())) {
                violations.add(a.getKey() + " was acknowledged at seq " + a.getValue() + " but is at seq " + at.get(0));
            }
        }

        // Per-client order: a client's request ids rise with their seqs.
        Map<String, TreeMap<Long, Long>> byClient = new HashMap<>();
        for (LogEntry e : longest) {
            byClient.computeIfAbsent(e.clientId(), k -> new TreeMap<>()).putIfAbsent(e.requestId(), e.seq());
        }
        for (Map.Entry<String, TreeMap<Long, Long>> c : byClient.entrySet()) {
            long lastSeq = -1;
            long lastRequest = 0;
            for (Map.Entry<Long, Long> r : c.getValue().entrySet()) {
                if (r.getValue() < lastSeq) {
                    violations.add("client " + c.getKey() + ": request " + r.getKey() + " at seq " + r.getValue()
                            + " comes before request " + lastRequest + " at seq " + lastSeq);
                }
                lastSeq = r.getValue();
                lastRequest = r.getKey();
            }
        }

        // Real-time order (SPEC: order of sequential sends): if A's 201 came back before B was
        // first sent, A precedes B. Acks sorted by time, with the highest seq acked so far.
        Map<String, Long> firstInvoke = new HashMap<>();
        List<long[]> acks = new ArrayList<>();
        for (Event ev : in.history()) {
            if (ev.f().equals("write") && ev.type().equals("invoke")) {
                firstInvoke.putIfAbsent(ev.clientId() + "/" + ev.requestId(), ev.millis());
            } else if (ev.f().equals("write") && ev.type().equals("ok")) {
                acks.add(new long[] {ev.millis(), ev.seq()});
            }
        }
        acks.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] maxSeqUpTo = new long[acks.size()];
        for (int i = 0; i < acks.size(); i++) {
            maxSeqUpTo[i] = Math.max(i == 0 ? -1 : maxSeqUpTo[i - 1], acks.get(i)[1]);
        }
        for (LogEntry e : longest) {
            Long invoked = firstInvoke.get(e.key());
            if (invoked == null) {
                continue;
            }
            int before = countBefore(acks, invoked);
            if (before > 0 && maxSeqUpTo[before - 1] > e.seq()) {
                violations.add(e.key() + " at seq " + e.seq() + " was first sent at " + invoked
                        + " ms, after seq " + maxSeqUpTo[before - 1] + " had been acknowledged");
            }
        }

        // Readers' views: each must be a prefix of the final log.
        for (int r = 0; r < in.readerViews().size(); r++) {
            List<LogEntry> view = in.readerViews().get(r);
            if (view.size() > longest.size()) {
                violations.add("reader " + r + " saw " + view.size() + " entries, the final log has " + longest.size());
            }
            int diverge = firstDifference(view, longest);
            if (diverge >= 0) {
                violations.add("reader " + r + " saw seq " + diverge + " as " + view.get(diverge) + " but it is "
                        + longest.get(diverge));
            }
        }

        // Messages of this history (sent may hold earlier schedules' messages on the same cluster).
        int indeterminate = 0;
        for (String key : firstInvoke.keySet()) {
            if (!acked.containsKey(key)) {
                indeterminate++;
            }
        }
        return new Result(operations, firstInvoke.size(), acked.size(), indeterminate, lost, duplicated, reads,
                longest.size(), violations);
    }

    /** How many acks happened strictly before {@code millis}. */
    private static int countBefore(List<long[]> acks, long millis) {
        int lo = 0;
        int hi = acks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (acks.get(mid)[0] < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index where {@code a} differs from {@code b} within a's length (-1: a is a prefix of b). */
    private static int firstDifference(List<LogEntry> a, List<LogEntry> b) {
        for (int i = 0; i < a.size(); i++) {
            if (i >= b.size() || !a.get(i).equals(b.get(i))) {
                return i >= b.size() ? -1 : i;
            }
        }
        return -1;
    }
}
