package paxoschat.paxos;

/**
 * One chat message as a client asked for it. {@code (clientId, requestId)} identifies the
 * request: a retransmission carries the same pair and is performed at most once.
 */
public record Command(String clientId, long requestId, String sender, String text) {

    public RequestKey key() {
        return new RequestKey(clientId, requestId);
    }
}
