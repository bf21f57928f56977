package paxoschat.paxos;

/** The identity of a client request, the unit of exactly-once execution. */
public record RequestKey(String clientId, long requestId) {

    /**
     * Log entries a performed request is remembered for, by every replica alike (the
     * exactly-once horizon, {@code PerformedRequests}): a client session with nothing
     * performed within it has ended.
     */
    public static final long EXACTLY_ONCE_HORIZON = 1 << 17;

    /**
     * Mixes both fields. The record's default, 31 * hash(clientId) + requestId, gives
     * clients whose ids differ in a last character and whose request ids count up the same
     * hashes (client "b1" request 1 collides with "b0" request 32), so a map of many requests
     * (the replica's pending ones, a server's waiting clients; once the replica's every
     * performed one) degrades into tree bins, searched once per request.
     */
    @Override
    public int hashCode() {
        long h = (clientId.hashCode() * 0x9E3779B97F4A7C15L + requestId) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }
}
