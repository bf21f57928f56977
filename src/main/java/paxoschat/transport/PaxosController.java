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
 * any message reaches the node, so bad input changes nothing. In a batch older than
 * messageMaxAge the votes (phase 1 and 2 messages) are dropped: the recovery of amnesiac
 * servers relies on no old vote arriving late (see paxos/Recovery.java); decisions,
 * catch-up and client requests are facts or idempotent and are still delivered, so a big
 * catch-up reply that is slow to arrive is not lost.
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
        // Age is taken before decoding: only time in flight should count.
        boolean stale = System.currentTimeMillis() - sentAt > properties.messageMaxAge().toMillis();
        return deliver(runner, codec.decode(body, properties.clusterSize()), stale);
    }

    /**
     * Hands a decoded batch to the node (without the messages that must be fresh if the
     * batch is stale): 204, or 503 if the node's input queue is full and the batch was dropped.
     */
    static ResponseEntity<Object> deliver(NodeRunner runner, List<Message> messages, boolean stale) {
        if (stale) {
            messages = messages.stream().filter(m -> !MessageAge.mustBeFresh(m)).toList();
        }
        if (!messages.isEmpty() && !runner.receive(messages)) {
            return Problems.unavailable("the node's input queue is full; batch dropped", 1, null);
        }
        return ResponseEntity.noContent().build();
    }
}
