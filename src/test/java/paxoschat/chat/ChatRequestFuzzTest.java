package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.paxos.Batch;
import paxoschat.paxos.Command;
import paxoschat.paxos.CommandRules;
import paxoschat.paxos.DurableRecord;
import paxoschat.storage.RecordCodec;
import paxoschat.web.BadRequestException;

/**
 * Coverage-guided fuzzing (Jazzer) of the public request parser, the bytes of a
 * {@code POST /messages} body from anyone: any input is a valid request or a
 * {@link BadRequestException} (a 400 with a problem body), never another exception; an
 * accepted request keeps the rules every replica checks ({@link CommandRules}), says the
 * same when written as JSON and parsed again, and goes through the storage codec to the
 * very same command (strict UTF-8: an accepted text is exact, never a '?').
 *
 * <p>Jazzer fuzzes one test per JVM: every {@code ./mvnw verify} replays the inputs kept in
 * src/test/resources and fuzzes for a few seconds in a run of its own (pom.xml, execution
 * fuzz-chat-request); {@code bench/fuzz} fuzzes for longer.
 */
class ChatRequestFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "10s")
    void aBodyIsAValidRequestOrA400(byte[] body) throws IOException {
        ChatRequest request;
        try {
            request = ChatRequest.parse(body);
        } catch (BadRequestException refused) {
            return;
        }
        Command command = new Command(request.clientId() != null ? request.clientId() : "anon@0",
                request.requestId() != null ? request.requestId() : 1, request.sender(), request.text());
        assertThat(CommandRules.problem(command)).isNull();

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sender", request.sender());
        fields.put("text", request.text());
        if (request.clientId() != null) {
            fields.put("clientId", request.clientId());
            fields.put("requestId", request.requestId());
        }
        assertThat(ChatRequest.parse(JSON.writeValueAsBytes(fields))).isEqualTo(request);

        DurableRecord decided = new DurableRecord.Decided(0, new Batch(List.of(command)));
        assertThat(RecordCodec.decode(RecordCodec.encode(decided))).isEqualTo(decided);
    }
}
