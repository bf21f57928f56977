package paxoschat.node;

/**
 * The exactly-once state refuses the request (paxos/PerformedRequests): it is older than
 * the horizon or its client's session ended, so it may have been performed before and is
 * not performed now; or its client id names a birth the log had not reached. An answer, not a fault (the caller
 * answers with a 4xx that says why), so it carries no stack trace.
 */
public final class Refused extends RuntimeException {

    public Refused(String reason) {
        super(reason, null, false, false);
    }
}
