package paxoschat.master;

/**
 * The paxos part of a server's {@code /actuator/health} details: what the master needs to
 * find the leader and to decide that the cluster is idle.
 */
public record PaxosHealth(int node, int leaderHint, boolean leading, long ballotRound, int ballotLeader,
        long decided, long logLength, boolean recovering, boolean ready) {

    /** Ballots order by round, then by leader id, as in PMMC. */
    public int compareBallot(PaxosHealth other) {
        int byRound = Long.compare(ballotRound, other.ballotRound);
        return byRound != 0 ? byRound : Integer.compare(ballotLeader, other.ballotLeader);
    }
}
