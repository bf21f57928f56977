package paxoschat.master;

/**
 * The servers as clients see them: how many, which ones are alive, and how to talk to each.
 * Liveness here is the master's own knowledge of its processes, not a guess from timeouts.
 */
public interface Servers {

    int size();

    boolean isAlive(int server);

    ServerApi api(int server);

    /** A majority of all servers, n / 2 + 1. */
    default int majority() {
        return size() / 2 + 1;
    }

    default int aliveCount() {
        int alive = 0;
        for (int i = 0; i < size(); i++) {
            if (isAlive(i)) {
                alive++;
            }
        }
        return alive;
    }
}
