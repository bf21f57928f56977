package paxoschat.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.paxos.PaxosNode;

/**
 * Publishes the node's {@link NodeView} after every task, for request and health threads,
 * and logs what an operator follows in a server's log, one INFO line each: ready (once,
 * with the port), a change of the leader this node knows of, the start and end of a
 * recovery.
 */
final class ViewPublisher {

    private static final Logger log = LoggerFactory.getLogger(ViewPublisher.class);

    private final int clusterSize;
    private volatile NodeView view;
    private volatile NodeCounters counters = NodeCounters.ZERO;
    /** Node thread only. */
    private long leaderChanges;
    /** Node thread only. */
    private long recoveries;
    private volatile int port = -1;
    /** Node thread only. */
    private boolean announcedReady;

    ViewPublisher(int clusterSize) {
        this.clusterSize = clusterSize;
    }

    NodeView view() {
        return view;
    }

    NodeCounters counters() {
        return counters;
    }

    int port() {
        return port;
    }

    /** The web server listens on {@code port}; the next publish announces readiness. */
    void servingOn(int port) {
        this.port = port;
    }

    /** On the node thread (or before it starts). */
    void publish(PaxosNode node) {
        publish(NodeView.of(node));
        counters = new NodeCounters(node.campaigns(), node.resentMessages(), leaderChanges, recoveries);
    }

    void publish(NodeView now) {
        NodeView before = view;
        view = now;
        logChanges(before, now);
        if (!announcedReady && now.ready() && port >= 0) {
            announcedReady = true;
            log.info("paxos-chat node {} ready on port {} (cluster of {})", now.node(), port, clusterSize);
        }
    }

    private void logChanges(NodeView before, NodeView now) {
        if (before != null && before.leaderHint() != now.leaderHint()) {
            leaderChanges++;
            if (now.leaderHint() == now.node()) {
                log.info("node {}: leading, ballot {}, decided {}", now.node(), now.ballot(), now.decided());
            } else if (now.leaderHint() >= 0) {
                log.info("node {}: leader is node {}, ballot {}, decided {}", now.node(), now.leaderHint(),
                        now.ballot(), now.decided());
            } else {
                log.info("node {}: no leader known, decided {}", now.node(), now.decided());
            }
        }
        boolean wasRecovering = before != null && before.recovering();
        if (now.recovering() && !wasRecovering) {
            recoveries++;
            log.info("node {}: recovering: it votes once a majority of the others promised a ballot of its own",
                    now.node());
        } else if (wasRecovering && !now.recovering()) {
            log.info("node {}: recovered, decided {}", now.node(), now.decided());
        }
    }
}
