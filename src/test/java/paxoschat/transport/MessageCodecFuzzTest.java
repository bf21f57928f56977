package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import paxoschat.paxos.Message;
import paxoschat.web.BadRequestException;

/**
 * Coverage-guided fuzzing (Jazzer) of the peer message codec, the bytes of a
 * {@code POST /paxos/messages} batch: any input decodes to messages that pass every check
 * or is refused with a {@link BadRequestException} (a 400), never another exception; what
 * decodes encodes to JSON that decodes to the same messages, and that JSON is the codec's
 * fixed point (encoding it again gives the same bytes).
 *
 * <p>Jazzer fuzzes one test per JVM: every {@code ./mvnw verify} replays the inputs kept in
 * src/test/resources and fuzzes for a few seconds in a run of its own (pom.xml, execution
 * fuzz-peer-messages); {@code bench/fuzz} fuzzes for longer.
 */
class MessageCodecFuzzTest {

    private static final int CLUSTER = 5;
    private static final MessageCodec CODEC = new MessageCodec();

    @FuzzTest(maxDuration = "10s")
    void aBatchDecodesToCheckedMessagesOrIsA400(byte[] json) {
        List<Message> messages;
        try {
            messages = CODEC.decode(json, CLUSTER);
        } catch (BadRequestException refused) {
            return;
        }
        byte[] encoded = CODEC.encode(messages);
        List<Message> again = CODEC.decode(encoded, CLUSTER);
        assertThat(again).isEqualTo(messages);
        assertThat(CODEC.encode(again)).isEqualTo(encoded);
    }
}
