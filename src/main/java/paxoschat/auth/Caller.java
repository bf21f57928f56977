package paxoschat.auth;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who made a request, as {@link AuthGate} established it; the request's principal, and its
 * attribute {@link #ATTRIBUTE}. Actuator shows health details to requests with a principal
 * (management.endpoint.health.show-details: when-authorized), so while chat is open every
 * request gets one ({@link Kind#READER}); with authenticated writers only identified callers.
 *
 * @param node the peer's node id for {@link Kind#PEER}, else -1
 */
public record Caller(Kind kind, String name, int node) implements Principal {

    public static final String ATTRIBUTE = Caller.class.getName();

    public enum Kind {
        /** A server of this cluster, signed with the cluster secret. */
        PEER,
        /** The master or an operator, signed with the admin secret. */
        ADMIN,
        /** A chat writer with a bearer token (paxos.auth.writers-file). */
        WRITER,
        /** Anyone, while chat is open to all. */
        READER
    }

    static Caller peer(int node) {
        return new Caller(Kind.PEER, "node-" + node, node);
    }

    static final Caller ADMIN = new Caller(Kind.ADMIN, RequestSignature.ADMIN, -1);
    static final Caller READER = new Caller(Kind.READER, "anonymous", -1);

    @Override
    public String getName() {
        return name;
    }

    /** The caller the gate found, or null (authentication off, or an anonymous caller). */
    public static Caller of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
    }

    /**
     * The node that signed a request to /paxos/**, or -1 if authentication is off (every
     * such request is then taken from whichever node its messages name).
     */
    public static int peerOf(HttpServletRequest request) {
        Caller caller = of(request);
        return caller != null && caller.kind == Kind.PEER ? caller.node : -1;
    }

    /** The writer a POST /messages authenticated as, or null while chat is open to all. */
    public static String writerOf(HttpServletRequest request) {
        Caller caller = of(request);
        return caller != null && caller.kind == Kind.WRITER ? caller.name : null;
    }
}
