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
 * message reaches the node, so bad input changes nothing. However old a message is, it is
 * delivered: no age is judged here, since that would compare the sender's clock with this
 * one's. The recovery of amnesiac servers needs no such check; its scouts count promises
 * only within their lifetime on their own node's clock (paxos/Recovery.java).
 *
 * <p>With {@code paxos.faults.enabled} a {@link FaultInjector} may drop messages from some
 * peers and deliver batches twice.
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
     * Hands the batch to the node: 204, or 503 if the node's input queue is full and the
     * batch was dropped.
     *
     * @throws BadRequestException if the batch is not valid JSON of valid messages
     */
    ResponseEntity<Object> receive(byte[] body) {
        List<Message> messages = codec.decode(body, properties.clusterSize());
        if (faults != null) {
            messages = withFaults(messages);
        }
        return deliver(messages);
    }

    private ResponseEntity<Object> deliver(List<Message> messages) {
        if (!messages.isEmpty() && !runner.receive(messages)) {
            return Problems.unavailable("the node's input queue is full; batch dropped", 1);
        }
        return ResponseEntity.noContent().build();
    }

    private List<Message> withFaults(List<Message> messages) {
        List<Message> passed = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (!faults.dropsIncoming(m.from())) {
                passed.add(m);
            }
        }
        if (faults.duplicates() && !passed.isEmpty()) {
            faults.later(faults.nextDelayMillis() + 1, () -> deliver(passed));
        }
        return passed;
    }
}
