package paxoschat.transport;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import paxoschat.auth.Caller;
import paxoschat.web.FastPath;
import paxoschat.web.FastRoute;
import paxoschat.web.WebProperties;

/**
 * The plain {@code POST /paxos/messages} without Spring MVC (see paxoschat.web): every
 * Paxos hop pays for this request, and the MVC machinery around {@link PaxosController}
 * cost more than decoding the messages. Answered by the same {@link PaxosInbox}.
 */
@Component
final class FastPaxosMessages implements FastPath {

    /** Bounded by paxos.web.max-peer-body: a larger batch goes to MVC, whose filter answers 413. */
    private final FastRoute route;
    private final PaxosInbox inbox;

    FastPaxosMessages(PaxosInbox inbox, WebProperties web) {
        this.inbox = inbox;
        this.route = FastRoute.postJson(PeerTransport.PATH, web.maxPeerBodyBytes());
    }

    @Override
    public FastRoute route() {
        return route;
    }

    @Override
    public CompletableFuture<ResponseEntity<Object>> answer(HttpServletRequest request, byte[] body) {
        return CompletableFuture.completedFuture(inbox.receive(body, Caller.peerOf(request)));
    }
}
