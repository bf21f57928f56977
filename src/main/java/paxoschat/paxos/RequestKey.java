package paxoschat.paxos;

/** The identity of a client request, the unit of exactly-once execution. */
public record RequestKey(String clientId, long requestId) {
}
