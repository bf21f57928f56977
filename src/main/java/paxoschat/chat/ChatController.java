package paxoschat.chat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import paxoschat.auth.Caller;

/**
 * The chat API's Spring MVC mappings (SPEC §3); {@link ChatService} does the work. A plain
 * POST /messages is answered by {@link FastChatPost} before it gets here.
 */
@RestController
class ChatController {

    private final ChatService chat;

    ChatController(ChatService chat) {
        this.chat = chat;
    }

    // Form posts (curl -d without a Content-Type) would arrive re-encoded: refuse them (415).
    @PostMapping(path = "/messages", consumes = "!application/x-www-form-urlencoded")
    DeferredResult<ResponseEntity<Object>> post(@RequestBody(required = false) byte[] body,
                                                @RequestHeader(value = "Prefer", required = false) String prefer,
                                                HttpServletRequest request) {
        return deferred(chat.post(body, prefer, Caller.writerOf(request)), chat.postDeadline(), chat.timedOut());
    }

    @GetMapping("/chatlog")
    DeferredResult<ResponseEntity<Object>> chatlog(@RequestParam(defaultValue = "0") long from,
                                                   @RequestParam(defaultValue = "1000") int limit,
                                                   @RequestParam(defaultValue = "0") int wait,
                                                   @RequestParam(defaultValue = "local") String consistency,
                                                   @RequestHeader(value = "Accept", required = false) String accept,
                                                   @RequestHeader(value = ReadBarrier.MAX_FORWARDS, required = false)
                                                   String maxForwards) {
        return deferred(chat.chatlog(from, limit, wait, accept, consistency, maxForwards),
                chat.chatlogDeadline(wait), null);
    }

    /** {@code timedOut} null: MVC's own 503 problem if the answer misses its deadline. */
    private static DeferredResult<ResponseEntity<Object>> deferred(CompletableFuture<ResponseEntity<Object>> answer,
                                                                   Duration deadline, ResponseEntity<Object> timedOut) {
        DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>(deadline.toMillis(), timedOut);
        answer.whenComplete((entity, error) -> {
            if (entity != null) {
                result.setResult(entity);
            } else {
                // The advice's 500, rather than a request left to its deadline.
                result.setErrorResult(error);
            }
        });
        return result;
    }
}
