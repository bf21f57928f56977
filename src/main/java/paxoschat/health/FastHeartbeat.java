package paxoschat.health;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.web.FastPath;
import paxoschat.web.FastRoute;

/**
 * {@code GET /actuator/health/paxos}, the heartbeat every peer polls, without Spring MVC's
 * dispatch (see paxoschat.web). Ten servers poll each other hundreds of times a second;
 * through the full MVC stack those polls alone kept both cores of a 2-core machine busy.
 * The answer is Actuator's own, made with its public beans as its web endpoint makes it:
 * the {@link HealthEndpoint}'s "paxos" component, the HTTP status its
 * {@link HttpCodeStatusMapper} gives, written by the endpoint's JSON mapper in Actuator's
 * latest media type (the one MVC picks when the client accepts anything).
 */
@Component
final class FastHeartbeat implements FastPath {

    /** Any other Accept header is negotiated by MVC (application/json gets that media type). */
    private static final FastRoute ROUTE = FastRoute.get(HeartbeatMonitor.PATH, "*/*");
    private static final MediaType TYPE = MediaType.parseMediaType(ApiVersion.LATEST.getProducedMimeType().toString());

    /** The endpoint's answer for one state of the node. */
    private record Answer(NodeView view, CompletableFuture<ResponseEntity<byte[]>> entity) {
    }

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;
    private final JsonMapper json;
    private final NodeRunner runner;
    /**
     * The paxos component is a function of the node's {@link NodeView} alone, which an idle
     * cluster does not change: its answer is computed and serialized once per view, not once
     * per poll.
     */
    private volatile Answer last;

    FastHeartbeat(HealthEndpoint health, HttpCodeStatusMapper statusCodes,
                  ObjectProvider<EndpointJsonMapper> endpointJson, JsonMapper json, NodeRunner runner) {
        this.health = health;
        this.statusCodes = statusCodes;
        // Actuator writes its answers with its own mapper unless told to share the application's.
        EndpointJsonMapper endpoint = endpointJson.getIfAvailable();
        this.json = endpoint != null ? endpoint.get() : json;
        this.runner = runner;
    }

    @Override
    public FastRoute route() {
        return ROUTE;
    }

    @Override
    public CompletableFuture<ResponseEntity<byte[]>> answer(HttpServletRequest request, byte[] body) {
        NodeView view = runner.view();
        Answer cached = last;
        if (cached != null && cached.view().equals(view)) {
            return cached.entity();
        }
        HealthDescriptor paxos = health.healthForPath(PaxosHealthIndicator.NAME);
        Answer fresh = new Answer(view, CompletableFuture.completedFuture(ResponseEntity
                .status(statusCodes.getStatusCode(paxos.getStatus())).contentType(TYPE).body(json.writeValueAsBytes(paxos))));
        // Kept only if the node did not change while the endpoint read it.
        if (runner.view().equals(view)) {
            last = fresh;
        }
        return fresh.entity();
    }
}
