package paxoschat.paxos;

/**
 * What the failure detector last saw of a peer: whether it answers, and the details of
 * its health report. The core only uses it to pick a leader and a catch-up source, never
 * for safety.
 */
public record PeerStatus(int node, boolean up, boolean recovering, boolean leading, Ballot ballot, long decided) {

    public static PeerStatus down(int node) {
        return new PeerStatus(node, false, false, false, Ballot.ZERO, 0);
    }

    /** Up and not recovering: it may promise and accept, so it counts toward a majority. */
    public boolean votes() {
        return up && !recovering;
    }
}
