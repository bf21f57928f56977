package paxoschat.paxos;

/** A performed command: its dense position in the chat log and who sent what. */
public record ChatEntry(long seq, String clientId, long requestId, String sender, String text) {

    // Client ids and senders are not interned: every distinct client id would enter the
    // JVM's string table, native memory outside the heap's bound, and a client id per
    // request (anonymous or deliberate) made it grow by hundreds of thousands of entries in
    // minutes; the chat log keeps only its newest entries in memory anyway.

    public RequestKey key() {
        return new RequestKey(clientId, requestId);
    }
}
