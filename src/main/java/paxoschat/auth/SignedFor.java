package paxoschat.auth;

/**
 * The tag of an OkHttp request that {@link SigningInterceptor} signs: the id of the node it
 * is for, which the signature binds it to. A request without it is sent unsigned.
 */
public record SignedFor(int node) {
}
