package paxoschat.master;

/**
 * Process control of the servers: the real one forks JVMs ({@link Cluster}), a test twin
 * keeps them in memory. Failures to start throw {@link ClusterException}.
 */
public interface ClusterControl extends Servers, AutoCloseable {

    /** Starts {@code n} servers and returns once every one is ready. */
    void start(int n);

    /** True after {@link #start}, even if it failed half way. */
    boolean started();

    /** Kills server {@code i} at once, without a goodbye, and waits until it is gone. */
    void crash(int server);

    /**
     * Starts server {@code i} again (in memory mode without its state) and waits until it
     * can serve: returns true then, or false as soon as it is clear that it cannot recover,
     * because too few servers that kept their state are up ({@link Quorum#stranded()}).
     */
    boolean restart(int server);

    /** Whether servers keep their state on disk across a crash (disk mode). */
    boolean durable();

    /** Stops everything; idempotent. */
    @Override
    void close();

    /** Why a start or restart did not finish. */
    final class ClusterException extends RuntimeException {
        public ClusterException(String message) {
            super(message);
        }
    }
}
