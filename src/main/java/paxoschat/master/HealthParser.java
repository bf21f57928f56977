package paxoschat.master;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Finds the paxos details in an actuator health document. Tolerant on purpose: the details
 * may sit under {@code components.paxos.details} or, when the document is the paxos
 * component itself, directly under {@code details}; anything missing gets a neutral value.
 */
public final class HealthParser {

    private HealthParser() {
    }

    public static Optional<PaxosHealth> parse(JsonNode root) {
        JsonNode details = find(root, 0);
        if (details == null) {
            return Optional.empty();
        }
        JsonNode ballot = details.path("ballot");
        return Optional.of(new PaxosHealth(
                details.path("node").asInt(-1),
                details.path("leader").asInt(-1),
                details.path("leading").asBoolean(false),
                ballot.path("round").asLong(-1),
                ballot.path("leader").asInt(-1),
                details.path("decided").asLong(0),
                details.path("logLength").asLong(details.path("decided").asLong(0)),
                details.path("recovering").asBoolean(false),
                details.path("ready").asBoolean(!details.path("recovering").asBoolean(false))));
    }

    private static JsonNode find(JsonNode node, int depth) {
        if (node == null || !node.isObject() || depth > 4) {
            return null;
        }
        JsonNode paxos = node.path("components").path("paxos").path("details");
        if (paxos.isObject()) {
            return paxos;
        }
        JsonNode details = node.path("details");
        if (details.isObject() && details.has("logLength")) {
            return details;
        }
        // Health groups nest components inside components.
        for (JsonNode child : node.path("components")) {
            JsonNode found = find(child, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
