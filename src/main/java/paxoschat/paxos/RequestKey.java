package paxoschat.paxos;

/** The identity of a client request, the unit of exactly-once execution. */
public record RequestKey(String clientId, long requestId) {

    /**
     * Mixes both fields. The record's default, 31 * hash(clientId) + requestId, gives
     * clients whose ids differ in a last character and whose request ids count up the same
     * hashes (client "b1" request 1 collides with "b0" request 32), so the replica's map of
     * every performed request degrades into tree bins, which a catch-up of 100,000 entries
     * then searches 100,000 times.
     */
    @Override
    public int hashCode() {
        long h = (clientId.hashCode() * 0x9E3779B97F4A7C15L + requestId) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }
}
