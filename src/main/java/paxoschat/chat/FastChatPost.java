package paxoschat.chat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import paxoschat.web.BodySizeLimitFilter;
import paxoschat.web.FastPath;
import paxoschat.web.FastRoute;

/**
 * The plain {@code POST /messages} without Spring MVC (see paxoschat.web): the request
 * every client write makes, answered by the same {@link ChatService#post} as
 * {@link ChatController}.
 */
@Component
final class FastChatPost implements FastPath {

    private static final FastRoute ROUTE =
            FastRoute.postJson("/messages", BodySizeLimitFilter.MAX_BODY);

    private final ChatService chat;

    FastChatPost(ChatService chat) {
        this.chat = chat;
    }

    @Override
    public FastRoute route() {
        return ROUTE;
    }

    @Override
    public CompletableFuture<ResponseEntity<Object>> answer(HttpServletRequest request, byte[] body) {
        return chat.post(body, request.getHeader("Prefer"));
    }

    @Override
    public Duration timeout() {
        return chat.postDeadline();
    }

    @Override
    public ResponseEntity<?> timedOut() {
        return chat.timedOut();
    }
}
