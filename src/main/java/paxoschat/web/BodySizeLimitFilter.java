package paxoschat.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Public and admin endpoints read whole bodies into memory, and no valid one is larger than
 * a chat message of 10,000 characters (at most 4 bytes each) plus a little JSON: refuse
 * anything announcing more with 413 before reading it. Paxos traffic between servers is
 * exempt, since a catch-up reply can be large.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    public static final int MAX_BODY = 64 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/paxos/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            response.setHeader("Connection", "close");
            ProblemBodies.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "request body is larger than " + MAX_BODY + " bytes"), request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
