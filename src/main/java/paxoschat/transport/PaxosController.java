package paxoschat.transport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import paxoschat.faults.FaultInjector;
import paxoschat.node.NodeRunner;
import paxoschat.paxos.Message;
import paxoschat.server.PaxosProperties;
import paxoschat.server.Problems;

/**
 * Receives Paxos messages from peers. The batch is decoded and validated completely before
 * any message reaches the node, so bad input changes nothing. However old a message is, it
 * is delivered: no age is judged here, since that would compare the sender's clock with
 * this one's. The recovery of amnesiac servers needs no such check; its scouts count
 * promises only within their lifetime on their own node's clock (paxos/Recovery.java).
 *
 * <p>With {@code paxos.faults.enabled} a {@link FaultInjector} may drop messages from some
 * peers and deliver batches twice.
 */
@RestController
class PaxosController {

    private final MessageCodec codec;
    private final NodeRunner runner;
    private final PaxosProperties properties;
    /** Null unless fault testing is enabled. */
    private final FaultInjector faults;

    PaxosController(MessageCodec codec, NodeRunner runner, PaxosProperties properties,
                    ObjectProvider<FaultInjector> faults) {
        this.codec = codec;
        this.runner = runner;
        this.properties = properties;
        this.faults = faults.getIfAvailable();
    }

    @PostMapping(path = PeerTransport.PATH, consumes = "!application/x-www-form-urlencoded")
    ResponseEntity<Object> receive(@RequestBody byte[] body) {
        List<Message> messages = codec.decode(body, properties.clusterSize());
        if (faults != null) {
            messages = withFaults(messages);
        }
        return deliver(runner, messages);
    }

    /** Hands a decoded batch to the node: 204, or 503 if the node's input queue is full and the batch was dropped. */
    static ResponseEntity<Object> deliver(NodeRunner runner, List<Message> messages) {
        if (!messages.isEmpty() && !runner.receive(messages)) {
            return Problems.unavailable("the node's input queue is full; batch dropped", 1, null);
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
            faults.later(faults.nextDelayMillis() + 1, () -> deliver(runner, passed));
        }
        return passed;
    }
}
