package paxoschat.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every body a server reads goes into memory, so every body is bounded: a public or admin
 * one by {@link #MAX_BODY} (no valid one is larger than a chat message of 10,000 characters,
 * at most 4 bytes each, plus a little JSON), a peer's batch (/paxos/**) by
 * {@code paxos.web.max-peer-body}. A body announced larger gets 413 before it is read; a
 * body without a length (chunked) is read here up to the bound, and 413 as soon as it
 * passes it, instead of whole by whoever reads it next.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    public static final int MAX_BODY = 64 * 1024;

    private final int maxPeerBody;

    public BodySizeLimitFilter(int maxPeerBody) {
        this.maxPeerBody = maxPeerBody;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int limit = request.getRequestURI().startsWith("/paxos/") ? maxPeerBody : MAX_BODY;
        long length = request.getContentLengthLong();
        if (length > limit) {
            tooLarge(request, response, limit);
            return;
        }
        if (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            byte[] body = request.getInputStream().readNBytes(limit + 1);
            if (body.length > limit) {
                tooLarge(request, response, limit);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, int limit)
            throws IOException {
        // The rest of the body is not read: the connection cannot carry another request.
        response.setHeader("Connection", "close");
        ProblemBodies.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "request body is larger than " + limit + " bytes"), request.getRequestURI());
    }
}
