package paxoschat.browser;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

import paxoschat.web.ProblemBodies;

/**
 * The cross-origin policy (CORS) of the chat API, so that a page loaded from one server of
 * the cluster can follow and post through the others: reads ({@code GET} of the chat log
 * and of its stream) are open to every origin, as they are to curl; {@code POST /messages}
 * only to the cluster's own origins, the peers' base URLs, so that no other site's page
 * makes its visitors' browsers post into the room. Registered only for those paths
 * ({@link CrossOrigin}). A refused request (a POST from another origin, a
 * preflight asking for a method or header the policy does not allow) is a 403 problem and
 * goes no further; Spring's {@link DefaultCorsProcessor} decides, this filter only writes
 * the refusal in the shape of every other error.
 */
final class CrossOriginFilter extends OncePerRequestFilter {

    static final String POST_PATH = "/messages";
    static final String LOG_PATH = "/chatlog";

    private final CorsConfiguration reads;
    private final CorsConfiguration posts;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // Written by the filter, as a problem body.
        }
    };

    CrossOriginFilter(List<String> peerUrls) {
        Duration preflightCache = Duration.ofMinutes(30);
        reads = new CorsConfiguration();
        reads.addAllowedOrigin(CorsConfiguration.ALL);
        reads.addAllowedMethod(HttpMethod.GET);
        // EventSource sends it when it reconnects by itself.
        reads.addAllowedHeader("Last-Event-ID");
        reads.addExposedHeader(HttpHeaders.RETRY_AFTER);
        reads.setMaxAge(preflightCache);

        posts = new CorsConfiguration();
        posts.setAllowedOrigins(peerUrls.stream().map(CrossOriginFilter::origin).distinct().toList());
        posts.addAllowedMethod(HttpMethod.POST);
        posts.addAllowedHeader(HttpHeaders.CONTENT_TYPE);
        posts.addAllowedHeader("Prefer");
        posts.addExposedHeader(HttpHeaders.RETRY_AFTER);
        posts.addExposedHeader(HttpHeaders.LOCATION);
        posts.addExposedHeader("Preference-Applied");
        posts.setMaxAge(preflightCache);
    }

    /**
     * The origin a browser sends for a page loaded from {@code url}: scheme, host and port,
     * lower case, without the scheme's default port and without a path.
     */
    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** The origins POST /messages accepts. */
    List<String> postOrigins() {
        return posts.getAllowedOrigins();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CorsConfiguration policy = POST_PATH.equals(request.getRequestURI()) ? posts : reads;
        if (!processor.processRequest(policy, request, response)) {
            ProblemBodies.write(response, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "cross-origin request refused: reads (GET) are open to every origin, POST /messages only"
                            + " to pages of this cluster's servers " + posts.getAllowedOrigins()),
                    request.getRequestURI());
            return;
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            return;
        }
        chain.doFilter(request, response);
    }
}
