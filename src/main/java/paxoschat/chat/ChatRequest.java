package paxoschat.chat;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import paxoschat.web.BadRequestException;
import paxoschat.web.JsonBodies;

/**
 * A validated POST /messages body. {@code clientId} and {@code requestId} are both present
 * (a client that retries) or both null (the server picks them).
 */
record ChatRequest(String sender, String text, String clientId, Long requestId) {

    static final int MAX_SENDER = 64;
    static final int MAX_TEXT = 10_000;
    static final int MAX_CLIENT_ID = 64;
    private static final Set<String> FIELDS = Set.of("sender", "text", "clientId", "requestId");

    static ChatRequest parse(byte[] body) {
        JsonNode root = JsonBodies.object(body, FIELDS);
        String sender = JsonBodies.string(root, "sender");
        String text = JsonBodies.string(root, "text");
        String clientId = JsonBodies.string(root, "clientId");
        Long requestId = JsonBodies.integer(root, "requestId");
        checkText("sender", sender, MAX_SENDER);
        checkText("text", text, MAX_TEXT);
        if ((clientId == null) != (requestId == null)) {
            throw new BadRequestException("'clientId' and 'requestId' go together: give both or neither");
        }
        if (clientId != null) {
            checkText("clientId", clientId, MAX_CLIENT_ID);
            if (requestId <= 0) {
                throw new BadRequestException("field 'requestId' must be a positive integer");
            }
        }
        return new ChatRequest(sender, text, clientId, requestId);
    }

    /**
     * Required, 1..max characters (code points), well-formed (no unpaired surrogate), no
     * control characters at all: the rules a peer's commands are checked by too.
     */
    private static void checkText(String field, String value, int max) {
        String problem = paxoschat.paxos.CommandRules.fieldProblem(field, value, max);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
    }
}
