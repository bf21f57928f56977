package paxoschat.paxos;

/** A performed command: its dense position in the chat log and who sent what. */
public record ChatEntry(long seq, String clientId, long requestId, String sender, String text) {

    public RequestKey key() {
        return new RequestKey(clientId, requestId);
    }
}
