package paxoschat.master;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import paxoschat.master.ServerApi.ChatlogPage;
import paxoschat.master.ServerApi.LogEntry;
import paxoschat.master.ServerApi.OutgoingMessage;
import paxoschat.master.ServerApi.SendOutcome;

/**
 * One chat client of the script (client index i). It numbers its requests 1, 2, 3 … under a
 * client id unique to this master run, so that every retry is the same request to the
 * servers (exactly once), and it keeps at most one undecided request at the servers, so
 * its messages are decided in the order it sent them (per-client order). It learns the log
 * into its own copy, which only ever grows.
 *
 * <p>Not thread-safe: the master drives every client from its one command thread.
 */
public final class ChatClient {

    /** A 202 that is not decided after this long is sent again (same request id). */
    static final long RETRANSMIT_MILLIS = 500;
    /** A request no server took is offered again this soon. */
    static final long RETRY_UNACCEPTED_MILLIS = 20;
    private static final int PAGE = 1000;

    private final int index;
    private final String clientId;
    private final Servers servers;
    private final LongSupplier millis;
    private final Consumer<String> diagnostics;

    private long nextRequestId = 1;
    /** The one request that may be undecided at the servers; null when none. */
    private InFlight inFlight;
    /** Requests waiting for the one in flight to be decided. */
    private final Deque<OutgoingMessage> queue = new ArrayDeque<>();
    private final List<LogEntry> log = new ArrayList<>();
    /** The log must reach this size to hold every message a server said (201) was decided. */
    private long mustLearn;

    public ChatClient(int index, String clientId, Servers servers, LongSupplier millis,
            Consumer<String> diagnostics) {
        this.index = index;
        this.clientId = clientId;
        this.servers = servers;
        this.millis = millis;
        this.diagnostics = diagnostics;
    }

    private static final class InFlight {
        final OutgoingMessage message;
        /** The server that holds it (answered 202), or -1 while none took it. */
        int server = -1;
        long lastSentAt;

        InFlight(OutgoingMessage message) {
            this.message = message;
        }

        boolean accepted() {
            return server >= 0;
        }
    }

    public int index() {
        return index;
    }

    public String clientId() {
        return clientId;
    }

    /**
     * Sends {@code text}: straight away when nothing of this client is undecided, otherwise
     * after what is queued before it. Returns once a server took it, or once it is queued.
     */
    public void submit(String text) {
        queue.addLast(new OutgoingMessage(String.valueOf(index), text, clientId, nextRequestId++));
        pump();
    }

    /** True while the request in flight has not been taken by any server. */
    public boolean hasUnacceptedRequest() {
        return inFlight != null && !inFlight.accepted();
    }

    /** True while some message of this client is not known to be decided. */
    public boolean hasUndecided() {
        return inFlight != null || !queue.isEmpty();
    }

    /** Nothing undecided, and the log holds every message a server confirmed to it. */
    public boolean settled() {
        return !hasUndecided() && log.size() >= mustLearn;
    }

    public int logSize() {
        return log.size();
    }

    public List<LogEntry> log() {
        return Collections.unmodifiableList(log);
    }

    /**
     * Moves things along: sends the next queued message when nothing is in flight, and sends
     * the one in flight again when no server took it or it stayed undecided too long.
     * Returns true when it talked to a server.
     */
    public boolean tick() {
        if (inFlight == null) {
            return pump();
        }
        long age = millis.getAsLong() - inFlight.lastSentAt;
        long due = inFlight.accepted() ? RETRANSMIT_MILLIS : RETRY_UNACCEPTED_MILLIS;
        if (age < due) {
            return false;
        }
        // The server that holds it is the natural one to ask again (it may just be slow);
        // if it died, the next live one takes over the same request id.
        int start = inFlight.accepted() && servers.isAlive(inFlight.server)
                ? inFlight.server : firstChoice();
        transmit(start);
        return true;
    }

    /**
     * Appends what {@code server} knows beyond this client's log. Entries must continue at
     * the right sequence number; anything else is reported and ignored, never merged.
     * Returns the number of entries learned.
     */
    public int learnFrom(ServerApi server) throws IOException {
        int learned = 0;
        for (int page = 0; page < 1000; page++) {
            ChatlogPage chunk = server.chatlog(log.size(), PAGE);
            int before = log.size();
            for (LogEntry entry : chunk.entries()) {
                if (entry.seq() < log.size()) {
                    continue; // already known: a server may answer from an older position
                }
                if (entry.seq() != log.size()) {
                    diagnostics.accept("client " + index + ": " + server + " sent entry " + entry.seq()
                            + " where " + log.size() + " was expected; ignored");
                    break;
                }
                log.add(entry);
                noticeDecided(entry);
            }
            learned += log.size() - before;
            if (log.size() == before || log.size() >= chunk.length()) {
                break;
            }
        }
        if (learned > 0) {
            pump();
        }
        return learned;
    }

    /** Learns from the first live server that answers, starting with this client's own. */
    public void refresh() {
        int n = servers.size();
        for (int k = 0; k < n; k++) {
            int s = (firstChoice() + k) % n;
            if (servers.isAlive(s)) {
                try {
                    learnFrom(servers.api(s));
                    return;
                } catch (IOException | RuntimeException e) {
                    // try the next one
                }
            }
        }
    }

    private void noticeDecided(LogEntry entry) {
        if (inFlight != null && clientId.equals(entry.clientId())
                && entry.requestId() >= inFlight.message.requestId()) {
            inFlight = null;
        }
    }

    /** Hands the next queued message to a server if none is in flight. */
    private boolean pump() {
        boolean talked = false;
        while (inFlight == null && !queue.isEmpty()) {
            inFlight = new InFlight(queue.pollFirst());
            transmit(firstChoice());
            talked = true;
        }
        return talked;
    }

    private int firstChoice() {
        return index % Math.max(1, servers.size());
    }

    /** Offers the request in flight to live servers from {@code start} on until one takes it. */
    private void transmit(int start) {
        InFlight request = inFlight;
        request.lastSentAt = millis.getAsLong();
        int n = servers.size();
        for (int k = 0; k < n; k++) {
            int s = (start + k) % n;
            if (!servers.isAlive(s)) {
                continue;
            }
            SendOutcome outcome;
            try {
                outcome = servers.api(s).send(request.message);
            } catch (IOException | RuntimeException e) {
                continue; // connection refused or reset: the server is dying, try the next
            }
            request.lastSentAt = millis.getAsLong();
            if (outcome instanceof SendOutcome.Decided decided) {
                mustLearn = Math.max(mustLearn, decided.seq() + 1);
                inFlight = null;
                return;
            }
            if (outcome instanceof SendOutcome.Pending) {
                request.server = s;
                return;
            }
            if (outcome instanceof SendOutcome.Rejected rejected) {
                diagnostics.accept("client " + index + ": server " + s + " rejected message "
                        + request.message.requestId() + ": " + rejected.why());
                inFlight = null;
                return;
            }
            // Unavailable (not ready, or no quorum in time): another server may do better.
        }
        // Nobody took it this round. A server that held it earlier still does (it keeps
        // pending requests), so remember it; otherwise tick() offers it again soon.
    }
}
