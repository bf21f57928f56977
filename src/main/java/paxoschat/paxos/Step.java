package paxoschat.paxos;

import java.util.List;

/**
 * The result of feeding a node one input: state changes to make durable first (if storage
 * is durable), then messages to send (some to itself), chat entries it performed, requests
 * that were decided but refused (older than the exactly-once horizon, or of a client whose
 * session ended: their clients get an error), and whether its time bomb went off, in which case the caller sends the messages and
 * then kills the process.
 */
public record Step(List<DurableRecord> writes, List<Envelope> messages, List<ChatEntry> performed,
                   List<Refused> refused, boolean crashed) {

    /** A request decided but not performed, and why. */
    public record Refused(RequestKey key, String reason) {
    }
}
