package paxoschat.node;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

import paxoschat.paxos.Message;

/**
 * Where the node thread hands messages for other servers. Implementations must never block
 * the caller on I/O; a dead peer must not slow the protocol down.
 */
public interface MessageSender {

    /** Queues {@code messages} for node {@code to}; returns at once. */
    void send(int to, List<Message> messages);

    /** Waits up to {@code max} until everything queued so far has been sent or failed. */
    boolean awaitIdle(Duration max);

    /**
     * Registers who to tell when a send to a peer fails (a crashed peer refuses the
     * connection): the failure detector then polls that peer at once. Senders that never
     * fail need not tell anyone.
     */
    default void onUnreachable(IntConsumer listener) {
    }
}
