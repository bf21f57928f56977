package paxoschat.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem answers that services return themselves (the advice turns exceptions
 * into the others). Whoever sends them, MVC or a fast path, their bodies come from
 * {@link ProblemBodies}.
 */
public final class Problems {

    private Problems() {
    }

    public static ResponseEntity<Object> of(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** 503 with Retry-After: the client may safely retry the same request later. */
    public static ResponseEntity<Object> unavailable(String detail, long retryAfterSeconds) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    /** The answer to an exception nobody expected: no stack trace, no message. */
    public static ResponseEntity<Object> internalError() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }
}
