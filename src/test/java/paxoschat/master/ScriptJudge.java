package paxoschat.master;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a run of a script by what must hold whatever the timing, not by a fixed answer
 * (SPEC §2): every printed log is dense from 0, holds only messages that were sent, each
 * once and under its sender; a client's logs only grow; every printed log is a prefix of
 * the longest; one client's messages appear in the order it sent them; a message whose
 * {@code sendMessage} ran while a majority could vote comes after every message sent
 * before it. At the end, with a majority that can vote, every client prints the same log
 * and it holds every message sent; without one (memory mode once too few servers kept
 * their state) the master must have said that the cluster cannot decide.
 *
 * <p>Who was alive and who recovering after each command, and how many entries each
 * printChatLog printed, come from the master's trace ({@code -Dpaxos.master.trace=true}).
 */
public final class ScriptJudge {

    private static final Pattern TRACE = Pattern.compile(
            "master: \\d+ ms: (.*) \\[alive ([0-9,]+|-); recovering ([0-9,]+|-)(?:; printed (\\d+))?(; bad)?\\]");
    private static final Pattern ENTRY = Pattern.compile("(\\d+) (\\d+): (.*)");

    /** One command as the trace saw it: the servers alive and recovering after it. */
    record Step(String line, Command command, Set<Integer> alive, Set<Integer> recovering, int printed, boolean bad) {

        int voters() {
            Set<Integer> voters = new HashSet<>(alive);
            voters.removeAll(recovering);
            return voters.size();
        }
    }

    private record Sent(int step, int client, String text, boolean withMajority) {
    }

    private record Entry(long seq, int sender, String text) {
    }

    private final List<String> violations = new ArrayList<>();
    private final int servers;

    private ScriptJudge(int servers) {
        this.servers = servers;
    }

    /**
     * The violations of the run of {@code script} that printed {@code stdout} and wrote
     * {@code stderr} (with the trace on); empty when it passes.
     */
    public static List<String> judge(RandomScript script, String stdout, List<String> stderr) {
        ScriptJudge judge = new ScriptJudge(script.servers());
        judge.check(script, stdout, stderr);
        return judge.violations;
    }

    private void check(RandomScript script, String stdout, List<String> stderr) {
        List<Step> steps = steps(script.lines(), stderr);
        if (steps == null) {
            return;
        }
        for (String line : stderr) {
            if (line.contains("internal error") || line.contains("allClear: gave up")) {
                violations.add("the master said: " + line);
            }
        }
        Map<String, Sent> sent = new HashMap<>();
        List<Sent> sends = new ArrayList<>();
        Map<Integer, List<List<Entry>>> printsByClient = new HashMap<>();
        List<List<Entry>> prints = new ArrayList<>();
        List<String> out = stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n", -1));
        if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
            violations.add("stdout does not end with a newline");
        }
        int at = 0;
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            if (step.bad()) {
                continue;
            }
            if (step.command() instanceof Command.SendMessage send) {
                boolean majority = k > 0 && votingMajority(steps.get(k - 1)) && votingMajority(step);
                Sent s = new Sent(k, send.client(), send.text(), majority);
                sent.put(send.text(), s);
                sends.add(s);
            } else if (step.command() instanceof Command.PrintChatLog print) {
                List<Entry> log = new ArrayList<>();
                for (int i = 0; i < step.printed(); i++, at++) {
                    if (at >= out.size() - 1) {
                        violations.add("stdout ends inside printChatLog " + print.client() + " (step " + k + ")");
                        return;
                    }
                    log.add(entry(out.get(at), k));
                }
                printsByClient.computeIfAbsent(print.client(), c -> new ArrayList<>()).add(log);
                prints.add(log);
                checkLog(log, sent, k);
            }
        }
        if (at < Math.max(0, out.size() - 1)) {
            violations.add("stdout holds " + (out.size() - 1 - at) + " lines no printChatLog printed");
        }
        List<Entry> longest = prints.stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
        for (List<Entry> log : prints) {
            if (!longest.subList(0, log.size()).equals(log)) {
                violations.add("a printed log is not a prefix of the longest: " + texts(log) + " vs " + texts(longest));
            }
        }
        printsByClient.forEach((client, logs) -> {
            for (int i = 1; i < logs.size(); i++) {
                if (logs.get(i).size() < logs.get(i - 1).size()) {
                    violations.add("client " + client + "'s log shrank from " + logs.get(i - 1).size() + " to "
                            + logs.get(i).size() + " entries");
                }
            }
        });
        checkOrder(sends, longest);
        checkEnd(steps, sends, printsByClient, stderr);
    }

    /** The trace's steps, one per non-blank line of the script, or null (and a violation). */
    private List<Step> steps(List<String> lines, List<String> stderr) {
        List<String> commands = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<Matcher> traced = stderr.stream().map(TRACE::matcher).filter(Matcher::matches).toList();
        if (traced.size() != commands.size()) {
            violations.add("the trace has " + traced.size() + " commands, the script " + commands.size()
                    + " (did the master stop early?)");
            return null;
        }
        ScriptParser parser = new ScriptParser();
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < commands.size(); k++) {
            Matcher m = traced.get(k);
            if (!m.group(1).equals(commands.get(k))) {
                violations.add("trace step " + k + " is '" + m.group(1) + "', the script's '" + commands.get(k) + "'");
                return null;
            }
            Optional<Command> command = parser.parse(commands.get(k));
            steps.add(new Step(commands.get(k), command.orElse(null), servers(m.group(2)), servers(m.group(3)),
                    m.group(4) == null ? -1 : Integer.parseInt(m.group(4)), m.group(5) != null));
        }
        return steps;
    }

    private boolean votingMajority(Step step) {
        return step.voters() >= servers / 2 + 1;
    }

    private Entry entry(String line, int step) {
        Matcher m = ENTRY.matcher(line);
        if (!m.matches()) {
            violations.add("step " + step + ": not an entry: '" + line + "'");
            return new Entry(-1, -1, line);
        }
        return new Entry(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
    }

    /** Dense from 0, only messages sent so far, each under its sender and once. */
    private void checkLog(List<Entry> log, Map<String, Sent> sent, int step) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            Entry e = log.get(i);
            if (e.seq() != i) {
                violations.add("step " + step + ": entry " + i + " has seq " + e.seq());
            }
            Sent s = sent.get(e.text());
            if (s == null) {
                violations.add("step " + step + ": '" + e.text() + "' was never sent (before this print)");
            } else if (s.client() != e.sender()) {
                violations.add("step " + step + ": '" + e.text() + "' shows sender " + e.sender() + ", sent by "
                        + s.client());
            }
            if (!seen.add(e.text())) {
                violations.add("step " + step + ": '" + e.text() + "' appears twice");
            }
        }
    }

    /**
     * Per-client order, and: a message sent while a majority could vote comes after every
     * message sent before it (all of which must then be in the log).
     */
    private void checkOrder(List<Sent> sends, List<Entry> log) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            position.put(log.get(i).text(), i);
        }
        Map<Integer, Integer> lastOfClient = new HashMap<>();
        for (Sent s : sends) {
            Integer at = position.get(s.text());
            if (at == null) {
                continue;
            }
            Integer before = lastOfClient.put(s.client(), at);
            if (before != null && before > at) {
                violations.add("client " + s.client() + "'s '" + s.text() + "' comes before its earlier message");
            }
        }
        for (int b = 0; b < sends.size(); b++) {
            Sent later = sends.get(b);
            Integer at = position.get(later.text());
            if (!later.withMajority() || at == null) {
                continue;
            }
            for (Sent earlier : sends.subList(0, b)) {
                Integer was = position.get(earlier.text());
                if (was == null || was > at) {
                    violations.add("'" + later.text() + "' was sent with a majority up after '" + earlier.text()
                            + "', which " + (was == null ? "is missing" : "comes after it"));
                }
            }
        }
    }

    private void checkEnd(List<Step> steps, List<Sent> sends, Map<Integer, List<List<Entry>>> printsByClient,
                          List<String> stderr) {
        Step last = steps.get(steps.size() - 1);
        if (!votingMajority(last)) {
            if (stderr.stream().noneMatch(l -> l.contains("the cluster cannot decide"))) {
                violations.add("no majority can vote at the end (alive " + last.alive() + ", recovering "
                        + last.recovering() + "), and the master never said that the cluster cannot decide");
            }
            return;
        }
        List<List<Entry>> finals = new ArrayList<>();
        printsByClient.values().forEach(logs -> finals.add(logs.get(logs.size() - 1)));
        for (List<Entry> log : finals) {
            if (!log.equals(finals.get(0))) {
                violations.add("the clients' last logs differ: " + texts(log) + " vs " + texts(finals.get(0)));
            }
        }
        if (!finals.isEmpty()) {
            Set<String> logged = new TreeSet<>(texts(finals.get(0)));
            for (Sent s : sends) {
                if (!logged.contains(s.text())) {
                    violations.add("'" + s.text() + "' (sent at step " + s.step() + ") is not in the final log");
                }
            }
        }
    }

    private static Set<Integer> servers(String list) {
        Set<Integer> result = new TreeSet<>();
        if (!list.equals("-")) {
            for (String s : list.split(",")) {
                result.add(Integer.parseInt(s));
            }
        }
        return result;
    }

    private static List<String> texts(List<Entry> log) {
        return log.stream().map(Entry::text).toList();
    }
}
