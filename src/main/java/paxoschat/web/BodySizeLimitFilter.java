package paxoschat.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Public and admin endpoints read whole bodies into memory, and no valid one is larger than
 * a chat message of 10,000 characters (at most 4 bytes each) plus a little JSON: refuse
 * anything announcing more with 413 before reading it. Paxos traffic between servers is
 * exempt, since a catch-up reply can be large.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    static final long MAX_BODY = 64 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/paxos/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/problem+json");
            response.setHeader("Connection", "close");
            // Bytes, not a Writer: a Writer would append a charset to the media type.
            response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"request body is larger than " + MAX_BODY + " bytes\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
