package paxoschat.node;

/**
 * Counts of what happened to the node since the process started, published with its
 * {@link NodeView} for metrics: phase 1s it began, 1a/2a messages it resent unanswered,
 * changes of the leader it knows of, recoveries it went through.
 */
public record NodeCounters(long campaigns, long resent, long leaderChanges, long recoveries) {

    static final NodeCounters ZERO = new NodeCounters(0, 0, 0, 0);
}
