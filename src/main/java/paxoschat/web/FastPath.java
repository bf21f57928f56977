package paxoschat.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

/**
 * A request answered without Spring MVC's dispatch, for the plain case only (see
 * {@link FastRoute}); {@link FastPathFilter} runs it. A fast path calls the same service as
 * the MVC controller of its route, so the two give the same answer; tests compare them byte
 * for byte with the fast paths turned off ({@link FastPathFilter#setEnabled}).
 */
public interface FastPath {

    FastRoute route();

    /**
     * The answer to a plain request whose body (empty for a route without one) was read.
     * Bad input throws {@link BadRequestException} before anything changes: the request
     * then goes on to MVC with its body, and MVC's problem answer is the one sent. A
     * future complete on return is written at once; one that completes later is written
     * by the thread that completes it, which may then block on the socket: never complete
     * it on the node thread. A future that fails gets the 500 problem MVC's advice sends.
     */
    CompletableFuture<? extends ResponseEntity<?>> answer(HttpServletRequest request, byte[] body);

    /** How long an answer that is not ready at once may take: a safety net only. */
    default Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /** Sent if the answer takes longer than {@link #timeout()}. */
    default ResponseEntity<?> timedOut() {
        return Problems.unavailable("no answer within " + timeout().toMillis() + " ms; retry", 1);
    }
}
