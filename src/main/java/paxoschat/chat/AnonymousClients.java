package paxoschat.chat;

import paxoschat.paxos.RequestKey;

/**
 * The ids of requests that bring none ({@code POST /messages} without clientId and
 * requestId): nobody retries them, but the replicas still deduplicate them, since a command
 * can be decided in more than one slot. They belong to one client of this server process,
 * {@code PREFIX-E@B}, whose request ids count up from 1, and which is replaced by the next
 * ({@code E + 1}, born at the log's length then) once the log has grown by half the
 * exactly-once horizon since its birth.
 *
 * <p>Why one client and not one per request: every session holds what it remembers until a
 * horizon of entries has been performed after it, so a client per request kept a session, a
 * key string and its map entry for each of the last horizon's anonymous messages: tens of
 * megabytes of small long-lived objects under a steady write load, copied by every young
 * collection. One client's requests are one map entry each in primitive arrays.
 *
 * <p>Why a new one every half horizon: a client without a session that was born a horizon
 * or more before the position of its request is refused for good ({@code EXPIRED} in
 * {@code paxos/PerformedRequests}), so a client kept for ever would see its requests refused
 * after a pause longer than the horizon. Each request here is made while the log is less
 * than half a horizon past its client's birth, and is performed within seconds (the request
 * timeout), far less than the other half. A request performed much later (a leader's late
 * re-proposal) is at worst refused, never performed twice: that is what the horizon's rules
 * guarantee for any client.
 */
final class AnonymousClients {

    private final String prefix;
    private final long renewAfter;
    private long epoch;
    private String clientId;
    private long birth;
    private long lastRequestId;

    /**
     * @param prefix     unique to this server process
     * @param renewAfter entries of log growth after which the next request begins a new client
     */
    AnonymousClients(String prefix, long renewAfter) {
        if (renewAfter < 1) {
            throw new IllegalArgumentException("renewAfter must be positive");
        }
        this.prefix = prefix;
        this.renewAfter = renewAfter;
    }

    AnonymousClients(String prefix) {
        this(prefix, RequestKey.EXACTLY_ONCE_HORIZON / 2);
    }

    /** The key of the next request without ids, made while this server's log is {@code logLength} long. */
    synchronized RequestKey next(long logLength) {
        if (clientId == null || logLength - birth >= renewAfter) {
            epoch++;
            birth = logLength;
            clientId = prefix + "-" + epoch + "@" + logLength;
            lastRequestId = 0;
        }
        return new RequestKey(clientId, ++lastRequestId);
    }
}
