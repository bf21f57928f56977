package paxoschat.node;

/** A read fence needs the leader of an adopted ballot, and this server is not (or no longer) it. */
public final class NotLeader extends RuntimeException {

    public NotLeader(String message) {
        super(message, null, false, false);
    }
}
