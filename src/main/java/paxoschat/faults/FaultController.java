package paxoschat.faults;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import paxoschat.server.PaxosProperties;
import paxoschat.web.BadRequestException;
import paxoschat.web.JsonBodies;

/**
 * {@code POST /admin/faults} sets this server's fault plan (see {@link FaultPlan}); every
 * field is optional and the plan replaces the previous one, so {@code {}} heals.
 * {@code GET /admin/faults} shows the plan. Both exist only with
 * {@code paxos.faults.enabled=true}; otherwise the paths are 404 like any unknown path.
 */
@RestController
@ConditionalOnProperty(name = "paxos.faults.enabled", havingValue = "true")
class FaultController {

    static final long MAX_DELAY_MILLIS = 60_000;
    private static final Set<String> FIELDS =
            Set.of("blockedPeers", "dropOutgoingTo", "dropIncomingFrom", "delayMillis", "duplicate");

    private final FaultInjector faults;
    private final PaxosProperties properties;

    FaultController(FaultInjector faults, PaxosProperties properties) {
        this.faults = faults;
        this.properties = properties;
    }

    @GetMapping("/admin/faults")
    FaultPlan current() {
        return faults.plan();
    }

    @PostMapping(path = "/admin/faults", consumes = "!application/x-www-form-urlencoded")
    ResponseEntity<FaultPlan> set(@RequestBody(required = false) byte[] body) {
        JsonNode root = JsonBodies.object(body, FIELDS);
        Long delay = JsonBodies.integer(root, "delayMillis");
        if (delay != null && (delay < 0 || delay > MAX_DELAY_MILLIS)) {
            throw new BadRequestException("field 'delayMillis' must be between 0 and " + MAX_DELAY_MILLIS);
        }
        JsonNode duplicate = root.get("duplicate");
        if (duplicate != null && !duplicate.isNull() && !duplicate.isBoolean()) {
            throw new BadRequestException("field 'duplicate' must be true or false");
        }
        FaultPlan plan = new FaultPlan(peers(root, "blockedPeers"), peers(root, "dropOutgoingTo"),
                peers(root, "dropIncomingFrom"), delay == null ? 0 : delay,
                duplicate != null && duplicate.asBoolean(false));
        faults.apply(plan);
        return ResponseEntity.ok(plan);
    }

    /** A JSON array of node ids of other servers of this cluster; absent or null is empty. */
    private Set<Integer> peers(JsonNode root, String field) {
        JsonNode node = root.get(field);
        Set<Integer> ids = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            throw new BadRequestException("field '" + field + "' must be an array of node ids");
        }
        for (JsonNode id : node) {
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new BadRequestException("field '" + field + "' must hold integer node ids");
            }
            int peer = id.intValue();
            if (peer < 0 || peer >= properties.clusterSize()) {
                throw new BadRequestException("field '" + field + "': " + peer + " is not a node of this cluster");
            }
            if (peer == properties.nodeId()) {
                throw new BadRequestException("field '" + field + "': " + peer + " is this server itself");
            }
            ids.add(peer);
        }
        return ids;
    }
}
