package paxoschat.paxos;

/**
 * The knobs of one node's protocol core. Times are counted in ticks, which the caller
 * delivers at a fixed interval; the core never reads a clock.
 *
 * @param node               this node's id, 0 .. clusterSize - 1
 * @param clusterSize        number of servers; a majority is clusterSize / 2 + 1
 * @param window             slots a leader keeps in phase 2 at once; more requests wait and
 *                           are batched into the next free slot
 * @param maxBatch           commands per slot at most
 * @param resendTicks        ticks before an unanswered 1a, 2a, request or catch-up is resent
 *                           (a 1a or 2a then backs off, see Resends)
 * @param scoutLifetimeTicks ticks a scout counts promises for the same ballot; after that it
 *                           gives up and a new scout tries a higher ballot (see {@link Recovery})
 * @param recoveryDelayTicks ticks a node restarted without its acceptor state still waits
 *                           before it starts to recover, so that every scout that may have
 *                           counted a promise of its previous process has ended (see
 *                           {@link Recovery}); configured, it must be at least
 *                           {@link #minRecoveryDelayTicks}, and the adapter may pass less
 *                           when part of it has provably passed already
 * @param catchUpChunk       commands per catch-up reply at most (a slot holding more is
 *                           sent alone)
 * @param catchUpChunks      catch-up replies sent for one request: a window of chunks that
 *                           travel together, so a far-behind server is not paced by one
 *                           round trip per chunk
 * @param electionQuietTicks a node that has not yet seen every peer up waits until no new
 *                           peer came up for this many ticks before it campaigns, so that
 *                           servers starting together elect once, when they are all up
 */
public record PaxosConfig(int node, int clusterSize, int window, int maxBatch, int resendTicks,
                          int scoutLifetimeTicks, int recoveryDelayTicks, int catchUpChunk,
                          int catchUpChunks, int electionQuietTicks) {

    public PaxosConfig {
        if (clusterSize < 1 || node < 0 || node >= clusterSize) {
            throw new IllegalArgumentException("node " + node + " is not in a cluster of " + clusterSize);
        }
        if (window < 1 || maxBatch < 1 || resendTicks < 1 || scoutLifetimeTicks < 1
                || recoveryDelayTicks < 0 || catchUpChunk < 1 || catchUpChunks < 1 || electionQuietTicks < 0) {
            throw new IllegalArgumentException("protocol settings must be positive");
        }
    }

    public static PaxosConfig defaults(int node, int clusterSize) {
        return new PaxosConfig(node, clusterSize, 64, 512, 4, 20, minRecoveryDelayTicks(20), 10_000, 8, 50);
    }

    /**
     * The largest difference in rate between two servers' tick clocks that recovery allows,
     * as a fraction: 1/{@value #DRIFT_DENOMINATOR} (see {@link Recovery}). Monotonic clocks of
     * real machines differ by well under a thousandth.
     */
    public static final int DRIFT_DENOMINATOR = 100;

    /**
     * The least recovery delay that is safe with scouts that live {@code scoutLifetimeTicks}:
     * a scout's lifetime on the fastest allowed clock must end before the delay ends on the
     * slowest, scoutLifetimeTicks * (1 + drift) / (1 - drift), rounded up (see {@link Recovery}).
     */
    public static int minRecoveryDelayTicks(int scoutLifetimeTicks) {
        long num = (long) scoutLifetimeTicks * (DRIFT_DENOMINATOR + 1);
        long den = DRIFT_DENOMINATOR - 1;
        return (int) ((num + den - 1) / den);
    }

    public int majority() {
        return clusterSize / 2 + 1;
    }
}
