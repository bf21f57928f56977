package paxoschat.paxos;

import java.util.List;

/**
 * The result of feeding a node one input: state changes to make durable first (if storage
 * is durable), then messages to send (some to itself), chat entries it performed, and
 * whether its time bomb went off, in which case the caller sends the messages and then
 * kills the process.
 */
public record Step(List<DurableRecord> writes, List<Envelope> messages, List<ChatEntry> performed,
                   boolean crashed) {
}
