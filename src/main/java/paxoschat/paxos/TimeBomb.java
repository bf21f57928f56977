package paxoschat.paxos;

/**
 * Counts the phase 1a and 2a messages a leader sends to other servers (SPEC §1): when the
 * count runs out the node crashes. Heartbeats, replies and messages to itself do not count.
 */
final class TimeBomb {

    private int remaining;

    TimeBomb(int remaining) {
        this.remaining = remaining;
    }

    void count(Message message) {
        if (message instanceof Message.P1a || message instanceof Message.P2a) {
            remaining--;
        }
    }

    boolean exploded() {
        return remaining <= 0;
    }
}
