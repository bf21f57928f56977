package paxoschat.transport;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import paxoschat.paxos.Message;
import paxoschat.server.NodeRunner;
import paxoschat.server.PaxosProperties;
import paxoschat.server.Problems;

/**
 * Receives Paxos messages from peers. The batch is decoded and validated completely before
 * any message reaches the node, so bad input changes nothing. A batch older than
 * messageMaxAge is dropped: the recovery of amnesiac servers relies on no old message
 * arriving late (see paxos/Recovery.java).
 */
@RestController
class PaxosController {

    private final MessageCodec codec;
    private final NodeRunner runner;
    private final PaxosProperties properties;

    PaxosController(MessageCodec codec, NodeRunner runner, PaxosProperties properties) {
        this.codec = codec;
        this.runner = runner;
        this.properties = properties;
    }

    @PostMapping(path = PeerTransport.PATH, consumes = "!application/x-www-form-urlencoded")
    ResponseEntity<Object> receive(@RequestHeader(PeerTransport.SENT_AT) long sentAt, @RequestBody byte[] body) {
        return deliver(runner, properties, codec.decode(body, properties.clusterSize()), sentAt);
    }

    /** Hands a decoded batch to the node: 204, or 503 if the node's input queue is full. */
    static ResponseEntity<Object> deliver(NodeRunner runner, PaxosProperties properties, List<Message> messages,
                                          long sentAt) {
        long age = System.currentTimeMillis() - sentAt;
        if (age <= properties.messageMaxAge().toMillis() && !messages.isEmpty() && !runner.receive(messages)) {
            return Problems.unavailable("the node's input queue is full; batch dropped", 1, null);
        }
        return ResponseEntity.noContent().build();
    }
}
