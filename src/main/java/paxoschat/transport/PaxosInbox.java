package paxoschat.transport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import paxoschat.faults.FaultInjector;
import paxoschat.paxos.Message;
import paxoschat.node.NodeRunner;
import paxoschat.server.PaxosProperties;
import paxoschat.web.BadRequestException;
import paxoschat.web.Problems;

/**
 * Receives Paxos batches from peers, for {@link PaxosController} (Spring MVC) and
 * {@link FastPaxosMessages} alike. The batch is decoded and validated completely before any
 * message reaches the node, so bad input changes nothing. In a batch older than
 * messageMaxAge the votes (phase 1 and 2 messages) are dropped: the recovery of amnesiac
 * servers relies on no old vote arriving late (see paxos/Recovery.java); decisions,
 * catch-up and client requests are facts or idempotent and are still delivered, so a big
 * catch-up reply that is slow to arrive is not lost.
 *
 * <p>With {@code paxos.faults.enabled} a {@link FaultInjector} may drop messages from some
 * peers and deliver batches twice; a duplicate's age is checked when it arrives.
 */
@Component
class PaxosInbox {

    private final MessageCodec codec;
    private final NodeRunner runner;
    private final PaxosProperties properties;
    /** Null unless fault testing is enabled. */
    private final FaultInjector faults;

    PaxosInbox(MessageCodec codec, NodeRunner runner, PaxosProperties properties, ObjectProvider<FaultInjector> faults) {
        this.codec = codec;
        this.runner = runner;
        this.properties = properties;
        this.faults = faults.getIfAvailable();
    }

    /**
     * Hands the batch sent at {@code sentAt} (the sender's clock) to the node: 204, or 503
     * if the node's input queue is full and the batch was dropped.
     *
     * @throws BadRequestException if the batch is not valid JSON of valid messages
     */
    ResponseEntity<Object> receive(long sentAt, byte[] body) {
        // Age is taken before decoding: only time in flight should count.
        boolean stale = isStale(sentAt);
        List<Message> messages = codec.decode(body, properties.clusterSize());
        if (faults != null) {
            messages = withFaults(messages, sentAt);
        }
        return deliver(messages, stale);
    }

    private boolean isStale(long sentAt) {
        return System.currentTimeMillis() - sentAt > properties.messageMaxAge().toMillis();
    }

    /** Without the messages that must be fresh if the batch is stale. */
    private ResponseEntity<Object> deliver(List<Message> messages, boolean stale) {
        if (stale) {
            messages = messages.stream().filter(m -> !MessageAge.mustBeFresh(m)).toList();
        }
        if (!messages.isEmpty() && !runner.receive(messages)) {
            return Problems.unavailable("the node's input queue is full; batch dropped", 1);
        }
        return ResponseEntity.noContent().build();
    }

    private List<Message> withFaults(List<Message> messages, long sentAt) {
        List<Message> passed = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (!faults.dropsIncoming(m.from())) {
                passed.add(m);
            }
        }
        if (faults.duplicates() && !passed.isEmpty()) {
            faults.later(faults.nextDelayMillis() + 1, () -> deliver(passed, isStale(sentAt)));
        }
        return passed;
    }
}
