package paxoschat.transport;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring MVC mapping of {@code POST /paxos/messages}; {@link PaxosInbox} does the work.
 * A plain batch is answered by {@link FastPaxosMessages} before it gets here.
 */
@RestController
class PaxosController {

    private final PaxosInbox inbox;

    PaxosController(PaxosInbox inbox) {
        this.inbox = inbox;
    }

    @PostMapping(path = PeerTransport.PATH, consumes = "!application/x-www-form-urlencoded")
    ResponseEntity<Object> receive(@RequestBody byte[] body) {
        return inbox.receive(body);
    }
}
