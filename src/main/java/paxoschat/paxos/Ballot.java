package paxoschat.paxos;

/**
 * A ballot number: a round, tie-broken by the id of the leader that owns it. Ballots of
 * different leaders never compare equal, so each ballot has exactly one proposer.
 */
public record Ballot(long round, int leader) implements Comparable<Ballot> {

    /** Lower than every ballot a leader can own; the initial promise of an acceptor. */
    public static final Ballot ZERO = new Ballot(0, -1);
    /**
     * The highest round a peer may name (2^53 - 1, exact in every JSON reader): a ballot
     * grows by one round per campaign, so no cluster reaches it, and a forged or corrupt
     * higher one is refused where it arrives rather than overflow {@link #next}.
     */
    public static final long MAX_ROUND = (1L << 53) - 1;

    @Override
    public int compareTo(Ballot other) {
        int byRound = Long.compare(round, other.round);
        return byRound != 0 ? byRound : Integer.compare(leader, other.leader);
    }

    public boolean greaterThan(Ballot other) {
        return compareTo(other) > 0;
    }

    /** The lowest ballot of {@code node} that is higher than this one. */
    public Ballot next(int node) {
        // Exact: an overflow would wrap to the lowest ballot; better to stop (fail-stop).
        return new Ballot(Math.addExact(round, 1), node);
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return round + "." + leader;
    }
}
