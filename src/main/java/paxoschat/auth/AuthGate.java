package paxoschat.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import paxoschat.web.BodySizeLimitFilter;
import paxoschat.web.BufferedBodyRequest;
import paxoschat.web.ProblemBodies;

/**
 * The one gate every request passes before anything reads its body or answers it, the
 * fast paths included (paxoschat.web.WebFilterOrder#GATE). A request to /paxos/** must be
 * signed by a node of this cluster, one to /admin/** by the admin secret with a nonce this
 * server issued ({@link RequestSignature}); whatever is not gets 401 (no or a bad
 * signature) or 403 (a valid signer without the right: a peer calling /admin, admin calls
 * with no admin secret here) with a problem body, and goes no further, so nothing changes.
 * The signature is checked on the headers alone, before the body is read; the body is then
 * read, checked against its signed digest, and handed on as read. The paths are matched
 * both as sent and as the container decoded and normalised them, so that no spelling of a
 * protected path ({@code /%70axos/...}, {@code /./admin/...}) slips past to a handler.
 *
 * <p>Any other request may be signed too (peers and the master sign their heartbeats), and
 * is then checked the same way. With authenticated writers (paxos.auth.writers-file), a
 * POST /messages needs a writer's bearer token. The caller found goes on as the request's
 * principal ({@link Caller}).
 */
final class AuthGate implements Filter {

    private static final Logger log = LoggerFactory.getLogger(AuthGate.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final boolean enabled;
    private final int self;
    private final int clusterSize;
    private final RequestSignature cluster;
    /** Null: this server takes no admin calls. */
    private final RequestSignature admin;
    private final AdminNonces nonces = new AdminNonces();
    /** Null: chat is open to all. */
    private final ChatWriters writers;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final LongAdder refusedSinceLog = new LongAdder();

    /** The largest body a signed peer request may have (paxos.web.max-peer-body). */
    private final int maxPeerBody;

    AuthGate(boolean enabled, int self, int clusterSize, byte[] clusterSecret, byte[] adminSecret, ChatWriters writers,
             int maxPeerBody) {
        this.maxPeerBody = maxPeerBody;
        this.enabled = enabled;
        this.self = self;
        this.clusterSize = clusterSize;
        this.cluster = clusterSecret == null ? null : new RequestSignature(clusterSecret);
        this.admin = adminSecret == null ? null : new RequestSignature(adminSecret);
        this.writers = writers;
    }

    /** Requests refused since the server started. */
    long refused() {
        return refused.sum();
    }

    /** A refusal: its status and the problem's detail. */
    private static final class Refusal extends Exception {
        final HttpStatus status;

        Refusal(HttpStatus status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String raw = request.getRequestURI();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean internal = isUnder(raw, path, "/paxos");
        boolean adminPath = isUnder(raw, path, "/admin");
        boolean signed = request.getHeader(RequestSignature.SIGNATURE) != null;
        try {
            if (enabled && (internal || adminPath || signed)) {
                checkSigned(request, response, chain, internal, adminPath);
                return;
            }
            Caller caller = writerOrReader(request, "/messages".equals(path) && "POST".equals(request.getMethod()));
            chain.doFilter(caller == null ? request : new Identified(request, caller), response);
        } catch (Refusal refusal) {
            refuse(request, response, refusal);
        }
    }

    private static boolean isUnder(String raw, String normalised, String prefix) {
        return isUnder(raw, prefix) || isUnder(normalised, prefix);
    }

    private static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'
                || path.charAt(prefix.length()) == ';');
    }

    private void checkSigned(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                             boolean internal, boolean adminPath) throws Refusal, IOException, ServletException {
        if (request.getHeader(RequestSignature.SIGNATURE) == null) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, (internal ? "/paxos/ is for the servers of this cluster"
                    : "/admin/ is for the cluster's admin") + ": the request must be signed (" + RequestSignature.SCHEME + ")");
        }
        String signer = header(request, RequestSignature.SIGNER);
        boolean byAdmin = RequestSignature.ADMIN.equals(signer);
        RequestSignature secret = byAdmin ? admin : cluster;
        Caller caller = byAdmin ? Caller.ADMIN : Caller.peer(node(signer, RequestSignature.SIGNER));
        if (secret == null) {
            throw new Refusal(HttpStatus.FORBIDDEN, "this server takes no admin calls: it has no admin secret"
                    + " (paxos.auth.admin-key-file or " + AuthProperties.ADMIN_KEY_VARIABLE + ")");
        }
        int to = node(header(request, RequestSignature.TO), RequestSignature.TO);
        if (to != self) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "the request is signed for node " + to + ", this is node " + self);
        }
        String nonce = header(request, RequestSignature.NONCE);
        if (nonce.length() > 64 || !nonce.chars().allMatch(c -> c == '-' || c == '_' || Character.isLetterOrDigit(c) && c < 128)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "header " + RequestSignature.NONCE + " is malformed");
        }
        String digest = header(request, RequestSignature.CONTENT_DIGEST);
        if (!RequestSignature.isDigest(digest)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "header " + RequestSignature.CONTENT_DIGEST
                    + " must be the body's SHA-256 as sha-256=:BASE64:");
        }
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (!secret.verify(request.getHeader(RequestSignature.SIGNATURE), signer, to, nonce, request.getMethod(),
                target, digest, Math.max(0, request.getContentLengthLong()))) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "the signature does not match the request");
        }
        if (internal && byAdmin || adminPath && !byAdmin) {
            throw new Refusal(HttpStatus.FORBIDDEN, internal ? "/paxos/ is for the servers of this cluster, not its admin"
                    : "/admin/ is for the cluster's admin, not its servers");
        }
        boolean askingNonce = adminPath && "GET".equals(request.getMethod())
                && RequestSignature.NONCE_PATH.equals(request.getRequestURI()) && request.getQueryString() == null;
        if (adminPath && !askingNonce && !nonces.use(nonce)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "unknown or used nonce: an admin call needs a fresh one from GET "
                    + RequestSignature.NONCE_PATH);
        }
        // Read here, before the body limit filter: a member's body is bounded all the same.
        byte[] body = body(request, internal ? maxPeerBody : BodySizeLimitFilter.MAX_BODY);
        if (!RequestSignature.digestMatches(digest, body)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "the body does not match its " + RequestSignature.CONTENT_DIGEST);
        }
        if (askingNonce) {
            byte[] answer = nonces.issue().getBytes(StandardCharsets.US_ASCII);
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setContentLength(answer.length);
            response.getOutputStream().write(answer);
            return;
        }
        HttpServletRequest checked = body.length == 0 ? request : new BufferedBodyRequest(request, body);
        chain.doFilter(new Identified(checked, caller), response);
    }

    private static String header(HttpServletRequest request, String name) throws Refusal {
        String value = request.getHeader(name);
        if (value == null) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "header " + name + " is missing");
        }
        return value;
    }

    private int node(String value, String header) throws Refusal {
        if (value.length() <= 4 && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int node = Integer.parseInt(value);
            if (node < clusterSize) {
                return node;
            }
        }
        throw new Refusal(HttpStatus.UNAUTHORIZED, "header " + header + ": '" + value + "' is not a node of this cluster");
    }

    /** The body, which the signed Content-Length announces; a chunked body is refused. */
    private static byte[] body(HttpServletRequest request, int max) throws Refusal, IOException {
        long length = request.getContentLengthLong();
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            throw new Refusal(HttpStatus.LENGTH_REQUIRED, "a signed request states its Content-Length");
        }
        if (length <= 0) {
            return new byte[0];
        }
        if (length > max) {
            throw new Refusal(HttpStatus.CONTENT_TOO_LARGE, "request body is larger than " + max + " bytes");
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        if (body.length != length) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "the body is shorter than its Content-Length");
        }
        return body;
    }

    /**
     * A writer named by its bearer token; else, while chat is open to all, a reader; else
     * nobody (null). A POST /messages needs a writer once there are writers.
     */
    private Caller writerOrReader(HttpServletRequest request, boolean posting) throws Refusal {
        if (writers == null) {
            return Caller.READER;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null && !posting) {
            return null;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "posting to this chat needs a writer's token: Authorization: Bearer TOKEN");
        }
        String name = writers.writer(authorization.substring(7).strip());
        if (name == null) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, "the bearer token is not a writer's of this chat");
        }
        return new Caller(Caller.Kind.WRITER, name, -1);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        refused.increment();
        refusedSinceLog.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            // At most one line per interval, so that refused traffic cannot fill the disk.
            log.warn("refused {} request(s) in the last {} s; latest {} {} from {}: {} {}", refusedSinceLog.sumThenReset(),
                    LOG_EVERY_NANOS / 1_000_000_000L, request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                    refusal.status.value(), refusal.getMessage());
        }
        if (refusal.status == HttpStatus.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, writers != null && !isUnder(request.getRequestURI(), "/paxos")
                    && !isUnder(request.getRequestURI(), "/admin") && request.getHeader(RequestSignature.SIGNATURE) == null
                    ? "Bearer realm=\"paxos-chat\"" : RequestSignature.SCHEME);
        }
        // A body left unread is not drained: the connection closes after the answer.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ProblemBodies.write(response, ProblemDetail.forStatusAndDetail(refusal.status, refusal.getMessage()),
                request.getRequestURI());
    }

    /** The request as checked, with its caller as principal and attribute. */
    private static final class Identified extends HttpServletRequestWrapper {
        private final Caller caller;

        Identified(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
            request.setAttribute(Caller.ATTRIBUTE, caller);
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public String getRemoteUser() {
            return caller.name();
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.kind().name().equals(role);
        }

        @Override
        public String getAuthType() {
            return caller.kind() == Caller.Kind.READER ? null
                    : caller.kind() == Caller.Kind.WRITER ? "Bearer" : RequestSignature.SCHEME;
        }
    }
}
