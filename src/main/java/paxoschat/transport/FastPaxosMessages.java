package paxoschat.transport;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import paxoschat.web.FastPath;
import paxoschat.web.FastRoute;

/**
 * The plain {@code POST /paxos/messages} without Spring MVC (see paxoschat.web): every
 * Paxos hop pays for this request, and the MVC machinery around {@link PaxosController}
 * cost more than decoding the messages. Answered by the same {@link PaxosInbox}.
 */
@Component
final class FastPaxosMessages implements FastPath {

    /** Not bounded here: a catch-up reply can be large (BodySizeLimitFilter exempts /paxos/ too). */
    private static final FastRoute ROUTE =
            FastRoute.postJson(PeerTransport.PATH, FastRoute.ANY_BODY);

    private final PaxosInbox inbox;

    FastPaxosMessages(PaxosInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public FastRoute route() {
        return ROUTE;
    }

    @Override
    public CompletableFuture<ResponseEntity<Object>> answer(HttpServletRequest request, byte[] body) {
        return CompletableFuture.completedFuture(inbox.receive(body));
    }
}
