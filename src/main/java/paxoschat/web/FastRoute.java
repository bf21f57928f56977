package paxoschat.web;

import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Which requests a {@link FastPath} answers, and the one guard every fast path shares: a
 * request is the plain case when it has the route's method and exact path, no query, no
 * Accept header or one the route takes, and, for a route with a body, a JSON content type
 * and a Content-Length within the route's bound. Anything else goes on to Spring MVC
 * untouched, so every unusual request gets MVC's answer.
 *
 * @param method  the HTTP method
 * @param path    the exact request URI (no pattern, no trailing slash)
 * @param accepts the Accept header values answered here (one header, exactly one of these);
 *                empty for a route whose answers all name their own content type, which
 *                MVC then sends whatever the client accepts
 * @param maxBody the largest body read, in bytes; {@link #NO_BODY} for a route that reads none
 */
public record FastRoute(String method, String path, Set<String> accepts, int maxBody) {

    public static final int NO_BODY = -1;
    /** The largest byte array the JVM makes. */
    public static final int ANY_BODY = Integer.MAX_VALUE - 8;

    public FastRoute {
        accepts = Set.copyOf(accepts);
    }

    /** A GET whose answer MVC would negotiate: only requests accepting one of {@code accepts} are plain. */
    public static FastRoute get(String path, String... accepts) {
        return new FastRoute("GET", path, Set.of(accepts), NO_BODY);
    }

    /** A POST of JSON whose answers name their content type, so any Accept header is plain. */
    public static FastRoute postJson(String path, int maxBody) {
        return new FastRoute("POST", path, Set.of(), maxBody);
    }

    boolean hasBody() {
        return maxBody != NO_BODY;
    }

    /** The shared guard; the path has been matched already. */
    boolean isPlain(HttpServletRequest request) {
        if (!method.equals(request.getMethod()) || request.getQueryString() != null || !request.isAsyncSupported()) {
            return false;
        }
        if (!accepts.isEmpty()) {
            Enumeration<String> accept = request.getHeaders(HttpHeaders.ACCEPT);
            if (accept != null && accept.hasMoreElements()
                    && (!accepts.contains(accept.nextElement()) || accept.hasMoreElements())) {
                return false;
            }
        }
        if (!hasBody()) {
            return true;
        }
        long length = request.getContentLengthLong();
        return length >= 0 && length <= maxBody && isJson(request.getContentType());
    }

    /** {@code application/json}, maybe with parameters; not {@code application/json-seq} and the like. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json")
                && (type.length() == 16 || type.charAt(16) == ';' || type.charAt(16) == ' ');
    }
}
