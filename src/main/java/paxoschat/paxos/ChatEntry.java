package paxoschat.paxos;

/** A performed command: its dense position in the chat log and who sent what. */
public record ChatEntry(long seq, String clientId, long requestId, String sender, String text) {

    /**
     * Shares one instance of each client id and sender. A server keeps every entry for good,
     * and each decoded from a peer's message or from disk came with its own copy of both,
     * though a chat room has few senders and a client sends many messages: about 50 bytes a
     * message for nothing (the interned strings go once no entry holds them).
     */
    public ChatEntry {
        clientId = clientId.intern();
        sender = sender.intern();
    }

    public RequestKey key() {
        return new RequestKey(clientId, requestId);
    }
}
