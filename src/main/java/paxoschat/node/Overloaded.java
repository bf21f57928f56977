package paxoschat.node;

/**
 * The node is too busy to take more input now (back-pressure): the caller should answer 503
 * with Retry-After. Thrown without a stack trace, since it is an answer, not a fault.
 */
public final class Overloaded extends RuntimeException {

    public Overloaded(String message) {
        super(message, null, false, false);
    }
}
