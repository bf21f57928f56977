package paxoschat.master;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the master asks of one server over REST (SPEC §3). An interface so that the clients
 * and the idle detection can be tested against an in-memory twin of the cluster.
 */
public interface ServerApi {

    /** The paxos health details, or empty when the server does not answer. */
    Optional<PaxosHealth> health();

    /** True once the server's paxos health says it is ready (recovered and caught up). */
    boolean ready();

    /** Posts a chat message with {@code Prefer: respond-async}. */
    SendOutcome send(OutgoingMessage message) throws IOException;

    /** Entries from {@code from} on, at most {@code limit}. */
    ChatlogPage chatlog(long from, int limit) throws IOException;

    /** Arms the leader's time bomb. */
    void timeBomb(int messages) throws IOException;

    /** One message as the client sends it; (clientId, requestId) makes retries safe. */
    record OutgoingMessage(String sender, String text, String clientId, long requestId) {
    }

    /** The server's answer to a POST /messages. */
    sealed interface SendOutcome {
        /** 201: decided at {@code seq}. */
        record Decided(long seq) implements SendOutcome {
        }

        /** 202: accepted, the server keeps trying to get it decided. */
        record Pending() implements SendOutcome {
        }

        /** 503 or similar: try another server. */
        record Unavailable(String why) implements SendOutcome {
        }

        /** 4xx: the message itself is bad; retrying cannot help. */
        record Rejected(String why) implements SendOutcome {
        }
    }

    /** A page of {@code GET /chatlog}. */
    record ChatlogPage(List<LogEntry> entries, long next, long length) {
    }

    /** One chat log entry as the server reports it. */
    record LogEntry(long seq, String sender, String text, String clientId, long requestId) {
    }
}
