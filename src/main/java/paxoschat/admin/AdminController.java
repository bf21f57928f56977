package paxoschat.admin;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import paxoschat.node.NodeRunner;
import paxoschat.web.BadRequestException;
import paxoschat.web.JsonBodies;

/**
 * Master-to-server controls. {@code POST /admin/timebomb {"messages": n}} arms the time bomb
 * (SPEC §1 timeBombLeader): the server crashes after sending n more phase 1a/2a messages to
 * other servers; n = 0 crashes it at once, so that call may see its connection drop.
 */
@RestController
class AdminController {

    static final int MAX_MESSAGES = 1_000_000;
    private static final Set<String> FIELDS = Set.of("messages");

    private final NodeRunner runner;

    AdminController(NodeRunner runner) {
        this.runner = runner;
    }

    @PostMapping(path = "/admin/timebomb", consumes = "!application/x-www-form-urlencoded")
    CompletableFuture<ResponseEntity<Void>> timeBomb(@RequestBody(required = false) byte[] body) {
        JsonNode root = JsonBodies.object(body, FIELDS);
        Long messages = JsonBodies.integer(root, "messages");
        if (messages == null) {
            throw new BadRequestException("field 'messages' is missing");
        }
        if (messages < 0 || messages > MAX_MESSAGES) {
            throw new BadRequestException("field 'messages' must be between 0 and " + MAX_MESSAGES);
        }
        return runner.armTimeBomb(messages.intValue()).thenApply(v -> ResponseEntity.noContent().build());
    }
}
