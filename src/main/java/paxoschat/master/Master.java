package paxoschat.master;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import paxoschat.master.ServerApi.LogEntry;

/**
 * Executes a script: checks each command against the state of the cluster, runs it, and
 * prints only what printChatLog asks for. A bad command costs one stderr line and changes
 * nothing.
 */
public final class Master {

    /** How long sendMessage keeps offering a message no server takes before it moves on. */
    static final long SEND_PATIENCE_MILLIS = 3_000;
    static final long ALL_CLEAR_CAP_MILLIS = 30_000;
    /** How long a send waits for other clients' undecided messages, to keep send order. */
    static final long ORDER_CAP_MILLIS = 10_000;
    static final long LEADER_PATIENCE_MILLIS = 5_000;
    static final long SUICIDE_PATIENCE_MILLIS = 5_000;
    /**
     * -Dpaxos.master.trace=true: one stderr line per command, valid or not, once it is
     * done: {@code master: MS ms: COMMAND [alive 0,2; recovering 2; printed 5; bad]}, the
     * servers alive and recovering after it, the entries a printChatLog printed, and
     * whether the line was refused. Tests and bench/random-scripts judge runs by it.
     */
    private static final boolean TRACE = Boolean.getBoolean("paxos.master.trace");

    private final ClusterControl cluster;
    private final PrintStream out;
    private final Consumer<String> err;
    private final LongSupplier millis;
    private final Pause pause;
    private final String runId;
    private final ScriptParser parser = new ScriptParser();
    private final List<ChatClient> clients = new ArrayList<>();
    /** The stranded cluster is reported once: it stays so in memory mode. */
    private boolean strandedReported;
    /** What the current command printed, for the trace; -1 if it printed nothing. */
    private int printed;

    public Master(ClusterControl cluster, PrintStream out, Consumer<String> err, LongSupplier millis,
            Pause pause, String runId) {
        this.cluster = cluster;
        this.out = out;
        this.err = err;
        this.millis = millis;
        this.pause = pause;
        this.runId = runId;
    }

    /** Runs every line of {@code script} until EOF. */
    public void run(BufferedReader script) throws IOException {
        String line;
        while ((line = script.readLine()) != null) {
            execute(line);
        }
        out.flush();
    }

    public void execute(String line) {
        long began = millis.getAsLong();
        printed = -1;
        boolean bad = true;
        try {
            parser.parse(line).ifPresent(this::apply);
            bad = false;
        } catch (BadCommandException e) {
            err.accept(e.getMessage());
        } catch (ClusterControl.ClusterException e) {
            err.accept(e.getMessage());
        } catch (RuntimeException e) {
            // The master must not crash on a script: report and go on with the next line.
            err.accept("internal error on '" + line.strip() + "': " + e);
        } finally {
            if (TRACE && !line.isBlank()) {
                err.accept((millis.getAsLong() - began) + " ms: " + line.strip() + " " + traceState(bad));
            }
        }
    }

    private String traceState(boolean bad) {
        StringBuilder state = new StringBuilder("[alive ");
        Map<Integer, Optional<PaxosHealth>> health = cluster.started() ? HealthPoller.pollAlive(cluster) : Map.of();
        state.append(health.isEmpty() ? "-" : String.join(",", health.keySet().stream().map(String::valueOf).toList()));
        List<Integer> recovering = Quorum.of(cluster.size(), health).recovering();
        state.append("; recovering ").append(recovering.isEmpty() ? "-"
                : String.join(",", recovering.stream().map(String::valueOf).toList()));
        if (printed >= 0) {
            state.append("; printed ").append(printed);
        }
        return state.append(bad ? "; bad]" : "]").toString();
    }

    public List<ChatClient> clients() {
        return clients;
    }

    private void apply(Command command) {
        if (command instanceof Command.Start start) {
            start(start);
            return;
        }
        if (!cluster.started()) {
            throw new BadCommandException(name(command) + " before start: the first command must be start N M");
        }
        if (command instanceof Command.SendMessage send) {
            sendMessage(send);
        } else if (command instanceof Command.CrashServer crash) {
            checkServer(crash.server(), "crashServer");
            if (!cluster.isAlive(crash.server())) {
                throw new BadCommandException("crashServer " + crash.server() + ": server is not running");
            }
            cluster.crash(crash.server());
        } else if (command instanceof Command.RestartServer restart) {
            checkServer(restart.server(), "restartServer");
            if (cluster.isAlive(restart.server())) {
                throw new BadCommandException("restartServer " + restart.server() + ": server is still running");
            }
            if (!cluster.restart(restart.server())) {
                reportStranded(Quorum.of(cluster.size(), HealthPoller.pollAlive(cluster)));
            }
        } else if (command instanceof Command.AllClear) {
            AllClear allClear = new AllClear(cluster, clients, millis, pause, err, ALL_CLEAR_CAP_MILLIS);
            allClear.await();
            reportStranded(Quorum.of(cluster.size(), allClear.lastHealth()));
        } else if (command instanceof Command.TimeBombLeader bomb) {
            timeBombLeader(bomb.messages());
        } else if (command instanceof Command.PrintChatLog print) {
            printChatLog(checkClient(print.client(), "printChatLog"));
        }
    }

    private void start(Command.Start start) {
        if (cluster.started()) {
            throw new BadCommandException("start: the cluster is already started");
        }
        for (int i = 0; i < start.clients(); i++) {
            clients.add(new ChatClient(i, "client-" + i + "-" + runId, cluster, millis, err));
        }
        cluster.start(start.servers());
    }

    private void sendMessage(Command.SendMessage send) {
        ChatClient client = checkClient(send.client(), "sendMessage");
        if (othersUndecided(client)) {
            // Sequential sends must appear in the order their commands returned (SPEC §2). An
            // earlier message of another client that only got a 202 (slow decision, or its
            // server died holding it) could otherwise be overtaken by this one. So first let
            // what can be decided be decided; without a majority this returns at once.
            new AllClear(cluster, clients, millis, pause, msg -> err.accept("sendMessage " + send.client()
                    + ": earlier messages still undecided (" + msg + ")"), ORDER_CAP_MILLIS).await();
        }
        client.submit(send.text());
        if (client.hasUnacceptedRequest() && noServerCanTakeIt()) {
            err.accept("sendMessage " + send.client() + ": every live server is stranded recovering, so none takes"
                    + " the message; client " + send.client() + " keeps it");
            return;
        }
        long deadline = millis.getAsLong() + SEND_PATIENCE_MILLIS;
        while (client.hasUnacceptedRequest() && cluster.aliveCount() > 0 && millis.getAsLong() < deadline) {
            pause.pause(ChatClient.RETRY_UNACCEPTED_MILLIS);
            client.tick();
        }
        if (client.hasUnacceptedRequest()) {
            err.accept("sendMessage " + send.client() + ": no server took the message yet; allClear will retry it");
        }
    }

    /** Every live server recovers and never can: none will take a message (503) for ever. */
    private boolean noServerCanTakeIt() {
        Quorum quorum = Quorum.of(cluster.size(), HealthPoller.pollAlive(cluster));
        return quorum.voters().isEmpty() && !quorum.stranded().isEmpty();
    }

    /**
     * Says once that the cluster cannot decide any more, when a server that restarted
     * without its state can never recover (SPEC §2, memory mode). Later commands go on as
     * in any minority: sends stay pending, allClear and restarts return at once.
     */
    private void reportStranded(Quorum quorum) {
        if (strandedReported || quorum.stranded().isEmpty()) {
            return;
        }
        strandedReported = true;
        err.accept("the cluster cannot decide: " + quorum.explainStranded() + ". Nothing is decided until enough"
                + " servers that kept their state return" + (cluster.durable() ? ""
                        : " (in memory mode none does: a crashed server comes back without its state)")
                + "; messages stay pending and the script goes on.");
    }

    private boolean othersUndecided(ChatClient client) {
        for (ChatClient other : clients) {
            if (other != client && other.hasUndecided()) {
                return true;
            }
        }
        return false;
    }

    private void timeBombLeader(int messages) {
        long deadline = millis.getAsLong() + LEADER_PATIENCE_MILLIS;
        Map<Integer, Optional<PaxosHealth>> health = HealthPoller.pollAlive(cluster);
        OptionalInt leader = Leaders.current(health);
        // Wait for an election only where one can happen: a majority that can vote, or
        // servers that do not answer yet and might make one.
        while (leader.isEmpty() && millis.getAsLong() < deadline && mayElect(Quorum.of(cluster.size(), health))) {
            pause.pause(AllClear.POLL_MILLIS);
            health = HealthPoller.pollAlive(cluster);
            leader = Leaders.current(health);
        }
        if (leader.isEmpty()) {
            err.accept("timeBombLeader " + messages + ": no live server leads; nothing armed");
            return;
        }
        int server = leader.getAsInt();
        String failure = null;
        try {
            cluster.api(server).timeBomb(messages);
        } catch (IOException | RuntimeException e) {
            // With n = 0 the server may die before it answers: that is success, not failure.
            failure = e.getMessage();
        }
        if (messages == 0 || failure != null) {
            // "At once": let the crash happen before the next command, so that it does not
            // race with it (allClear would otherwise see the doomed leader still leading).
            long until = millis.getAsLong() + (messages == 0 ? SUICIDE_PATIENCE_MILLIS : 500);
            while (cluster.isAlive(server) && millis.getAsLong() < until) {
                pause.pause(AllClear.POLL_MILLIS);
            }
            if (cluster.isAlive(server)) {
                err.accept("timeBombLeader " + messages + ": server " + server + (failure != null
                        ? " did not take the bomb: " + failure
                        : " is still running after " + SUICIDE_PATIENCE_MILLIS / 1000 + " s"));
            }
        }
    }

    private static boolean mayElect(Quorum quorum) {
        return quorum.canDecide() || !quorum.silent().isEmpty();
    }

    private void printChatLog(ChatClient client) {
        client.refresh();
        StringBuilder text = new StringBuilder();
        for (LogEntry e : client.log()) {
            text.append(e.seq()).append(' ').append(e.sender()).append(": ").append(e.text()).append('\n');
        }
        out.print(text);
        out.flush();
        printed = client.log().size();
    }

    private ChatClient checkClient(int index, String command) {
        if (index >= clients.size()) {
            throw new BadCommandException(command + " " + index + ": no such client ("
                    + (clients.isEmpty() ? "no clients were started" : "clients are 0.." + (clients.size() - 1)) + ")");
        }
        return clients.get(index);
    }

    private void checkServer(int index, String command) {
        if (index >= cluster.size()) {
            throw new BadCommandException(command + " " + index + ": no such server (servers are 0.."
                    + (cluster.size() - 1) + ")");
        }
    }

    private static String name(Command command) {
        String simple = command.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }
}
