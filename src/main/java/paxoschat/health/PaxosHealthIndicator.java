package paxoschat.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;

/**
 * The "paxos" health component: the heartbeat payload peers read, and the readiness gate.
 * It is UP once the node is ready (recovered and caught up) and OUT_OF_SERVICE before;
 * either way the details are there, so peers learn of a recovering server too.
 */
@Component(PaxosHealthIndicator.NAME)
class PaxosHealthIndicator implements HealthIndicator {

    static final String NAME = "paxos";

    private final NodeRunner runner;

    PaxosHealthIndicator(NodeRunner runner) {
        this.runner = runner;
    }

    @Override
    public Health health() {
        NodeView v = runner.view();
        Health.Builder builder = v.ready() ? Health.up() : Health.outOfService();
        return builder
                .withDetail("node", v.node())
                .withDetail("leader", v.leaderHint())
                .withDetail("leading", v.leading())
                .withDetail("ballot", ballot(v))
                .withDetail("decided", v.decided())
                .withDetail("logLength", v.logLength())
                .withDetail("recovering", v.recovering())
                .withDetail("ready", v.ready())
                .build();
    }

    /** In a fixed order: Map.of's order changes from one JVM to the next, and so would the body. */
    private static Map<String, Object> ballot(NodeView v) {
        Map<String, Object> ballot = new LinkedHashMap<>();
        ballot.put("round", v.ballot().round());
        ballot.put("leader", v.ballot().leader());
        return ballot;
    }
}
