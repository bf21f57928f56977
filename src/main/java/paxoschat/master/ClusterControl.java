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

    /** Starts server {@code i} again, without its memory; waits until it can serve. */
    void restart(int server);

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
