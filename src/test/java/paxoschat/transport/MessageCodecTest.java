package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.paxos.PValue;
import paxoschat.web.BadRequestException;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    private static final Command COMMAND = new Command("client-1", 7, "alice", "héllo \"wörld\" ✓");
    private static final Batch BATCH = new Batch(List.of(COMMAND, new Command("c2", 1, "bob", "hi")));
    private static final Ballot BALLOT = new Ballot(3, 1);

    /** One of every message type, the sealed interface's whole vocabulary. */
    static List<Message> everyType() {
        return List.of(
                new Message.Request(0, COMMAND),
                new Message.P1a(1, BALLOT, 5),
                new Message.P1b(2, BALLOT, List.of(new PValue(BALLOT, 4, BATCH), new PValue(Ballot.ZERO, 5, Batch.NOOP)), 9),
                new Message.P1b(2, Ballot.ZERO, List.of(), 0),
                new Message.P2a(1, BALLOT, 6, BATCH),
                new Message.P2a(1, BALLOT, 7, Batch.NOOP),
                new Message.P2b(0, BALLOT, 6, true),
                new Message.Decision(1, 6, BATCH),
                new Message.Chosen(1, new Ballot(3, 1), 6),
                new Message.CatchUpRequest(2, 3, 1),
                new Message.CatchUpReply(0, 3, List.of(BATCH, Batch.NOOP), 7),
                new Message.SnapshotReply(0, 9, 2, 1, List.of(new paxoschat.paxos.ChatEntry(1, "c", 2, "0", "x"))));
    }

    @Test
    void roundTripsEveryMessageType() {
        List<Message> messages = everyType();
        assertThat(messages.stream().map(Object::getClass).distinct())
                .as("the test covers every permitted subtype")
                .hasSize(Message.class.getPermittedSubclasses().length);
        byte[] json = codec.encode(messages);
        assertThat(codec.decode(json, 3)).isEqualTo(messages);
    }

    @Test
    void roundTripsEachMessageAlone() {
        for (Message m : everyType()) {
            assertThat(codec.decode(codec.encode(List.of(m)), 3)).containsExactly(m);
        }
    }

    @Test
    void takesTheHighestRoundAndSlotAPeerMayName() {
        long max = (1L << 53) - 1;
        Message p2a = new Message.P2a(1, new Ballot(max, 2), max, Batch.NOOP);
        assertThat(codec.decode(codec.encode(List.of(p2a)), 3)).containsExactly(p2a);
        assertThat(new Ballot(max, 2).next(0).round()).isEqualTo(max + 1);
        assertThatThrownBy(() -> new Ballot(Long.MAX_VALUE, 0).next(1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void encodesATypeDiscriminatorAndNoDerivedProperties() {
        String json = new String(codec.encode(List.of(new Message.P2a(1, BALLOT, 7, Batch.NOOP))), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"p2a\"").doesNotContain("noop");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{",
            "{}",
            "[{\"type\":\"p1a\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"fromSlot\":0}] trailing",
            "[{\"type\":\"nope\",\"from\":0}]",
            "[{\"from\":0,\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":\"0\",\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0.5,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":3,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":-1,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":7},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":-1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":null,\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1,\"extra\":1}]",
            "[null]",
            "[{\"type\":\"catchUpReply\",\"from\":0,\"fromSlot\":0,\"values\":[null],\"upTo\":1}]",
            "[{\"type\":\"catchUpReply\",\"from\":0,\"fromSlot\":2,\"values\":[{\"commands\":[]}],\"upTo\":2}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":0,\"value\":{\"commands\":[{\"clientId\":\"c\",\"requestId\":1,\"sender\":\"s\"}]}}]",
            "[{\"type\":\"p1b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"accepted\":[null],\"decided\":0}]",
            // Rounds and slots beyond 2^53 - 1: nothing a cluster reaches, and near overflow.
            "[{\"type\":\"p1a\",\"from\":0,\"ballot\":{\"round\":9223372036854775807,\"leader\":0},\"fromSlot\":0}]",
            "[{\"type\":\"p1a\",\"from\":0,\"ballot\":{\"round\":9007199254740992,\"leader\":0},\"fromSlot\":0}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":9223372036854775807,\"leader\":0},\"slot\":1,"
                    + "\"accepted\":true}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":4611686018427387904,"
                    + "\"accepted\":true}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":4611686018427387904,\"value\":{\"commands\":[]}}]",
            "[{\"type\":\"catchUpReply\",\"from\":0,\"fromSlot\":0,\"values\":[],\"upTo\":9223372036854775807}]",
            "[{\"type\":\"p1b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"accepted\":[{\"ballot\":"
                    + "{\"round\":1,\"leader\":0},\"slot\":9007199254740992,\"value\":{\"commands\":[]}}],\"decided\":0}]",
            // Commands are checked as POST /messages checks a client's (issue 18).
            "[{\"type\":\"request\",\"from\":0,\"command\":{\"clientId\":\"c\\ud800\",\"requestId\":1,\"sender\":\"s\",\"text\":\"t\"}}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":0,\"value\":{\"commands\":[{\"clientId\":\"c\",\"requestId\":1,\"sender\":\"s\",\"text\":\"x\\udc00y\"}]}}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":0,\"value\":{\"commands\":[{\"clientId\":\"c\",\"requestId\":1,\"sender\":\"s\",\"text\":\"a\\nb\"}]}}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":0,\"value\":{\"commands\":[{\"clientId\":\"c\",\"requestId\":0,\"sender\":\"s\",\"text\":\"t\"}]}}]",
            "[{\"type\":\"decision\",\"from\":0,\"slot\":0,\"value\":{\"commands\":[{\"clientId\":\"c\",\"requestId\":1,\"sender\":\"\",\"text\":\"t\"}]}}]",
            "[{\"type\":\"snapshotReply\",\"from\":0,\"slot\":1,\"snapshotSeq\":1,\"fromSeq\":0,\"entries\":[{\"seq\":0,\"clientId\":\"c\",\"requestId\":1,\"sender\":\"s\\ud83d\",\"text\":\"t\"}]}]",
    })
    void rejectsBadInput(String json) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), 3))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void aCommandLongerThanAClientMaySendIsRefusedToo() {
        Command tooLong = new Command("c", 1, "s", "x".repeat(10_001));
        byte[] json = codec.encode(List.of(new Message.Request(0, tooLong)));
        assertThatThrownBy(() -> codec.decode(json, 3)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("longer than 10000");
        Command longest = new Command("c", 1, "s", "\uD83D\uDE00".repeat(10_000));
        assertThat(codec.decode(codec.encode(List.of(new Message.Request(0, longest))), 3)).hasSize(1);
    }
}
