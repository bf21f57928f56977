package paxoschat.node;

/**
 * The request is older than the exactly-once horizon (paxos/PerformedRequests): it may have
 * been performed before, so it is not performed now. An answer, not a fault (the caller
 * answers with a 4xx that says why), so it carries no stack trace.
 */
public final class Refused extends RuntimeException {

    public Refused(String reason) {
        super(reason, null, false, false);
    }
}
