package paxoschat.jepsen.workload;

/** One entry of a chat log as GET /chatlog returns it. */
public record LogEntry(long seq, String sender, String text, String clientId, long requestId) {

    /** The identity of the message: a retry with the same pair is the same message. */
    public String key() {
        return clientId + "/" + requestId;
    }
}
