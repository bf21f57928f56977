package paxoschat.transport;

import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.CommandRules;
import paxoschat.paxos.Message;
import paxoschat.paxos.PValue;
import paxoschat.web.BadRequestException;
import paxoschat.web.JsonBodies;

/**
 * JSON for Paxos messages. The core stays free of Jackson: a mix-in adds the "type"
 * discriminator to the sealed {@link Message} interface, and records map field by field.
 * Decoding is strict (unknown or missing fields, nulls, coerced scalars and unknown types
 * are refused) and every decoded message is checked against the cluster, and every command
 * in it against {@link CommandRules} as a client's is, so bad input from the network can
 * never reach the node.
 */
@Component
public class MessageCodec {

    private static final TypeReference<List<Message>> LIST = new TypeReference<>() {
    };
    /**
     * The highest slot or sequence number a peer may name (2^53 - 1, like a ballot's round):
     * far above any log, and far enough below Long.MAX_VALUE that no sum of a slot and a
     * count overflows. What a slot within it may cost is bounded in the core (a new
     * leader's no-op fill, a snapshot's jump).
     */
    static final long MAX_SLOT = (1L << 53) - 1;

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Message.Request.class, name = "request"),
            @JsonSubTypes.Type(value = Message.P1a.class, name = "p1a"),
            @JsonSubTypes.Type(value = Message.P1b.class, name = "p1b"),
            @JsonSubTypes.Type(value = Message.P2a.class, name = "p2a"),
            @JsonSubTypes.Type(value = Message.P2b.class, name = "p2b"),
            @JsonSubTypes.Type(value = Message.Decision.class, name = "decision"),
            @JsonSubTypes.Type(value = Message.Chosen.class, name = "chosen"),
            @JsonSubTypes.Type(value = Message.CatchUpRequest.class, name = "catchUpRequest"),
            @JsonSubTypes.Type(value = Message.CatchUpReply.class, name = "catchUpReply"),
            @JsonSubTypes.Type(value = Message.SnapshotReply.class, name = "snapshotReply")})
    private interface MessageMixIn {
    }

    private final ObjectWriter writer;
    private final ObjectReader reader;

    public MessageCodec() {
        JsonMapper mapper = JsonBodies.strictMapper()
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                // Only record components are data (not e.g. Batch.isNoop()).
                .enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
                .addMixIn(Message.class, MessageMixIn.class)
                .build();
        this.writer = mapper.writerFor(LIST);
        this.reader = mapper.readerFor(LIST);
    }

    public byte[] encode(List<Message> messages) {
        return writer.writeValueAsBytes(messages);
    }

    public void encode(List<Message> messages, OutputStream out) {
        writer.writeValue(out, messages);
    }

    /**
     * Decodes a batch sent by a member of a cluster of {@code clusterSize}.
     *
     * @throws BadRequestException if the JSON or any message in it is not valid
     */
    public List<Message> decode(byte[] json, int clusterSize) {
        List<Message> messages;
        try {
            messages = reader.readValue(json);
        } catch (JacksonException e) {
            throw new BadRequestException("invalid Paxos messages: " + e.getOriginalMessage());
        }
        if (messages == null) {
            throw new BadRequestException("invalid Paxos messages: expected a JSON array");
        }
        for (int i = 0; i < messages.size(); i++) {
            try {
                check(messages.get(i), clusterSize);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BadRequestException("invalid Paxos message [" + i + "]: " + e.getMessage());
            }
        }
        return messages;
    }

    // ---- validation ------------------------------------------------------------------

    private static void check(Message m, int n) {
        require(m != null, "null message");
        node(m.from(), n, "from");
        if (m instanceof Message.Request r) {
            command(r.command());
        } else if (m instanceof Message.P1a p) {
            ballot(p.ballot(), n);
            slot(p.fromSlot(), "fromSlot");
        } else if (m instanceof Message.P1b p) {
            ballot(p.ballot(), n);
            slot(p.decided(), "decided");
            for (PValue pv : p.accepted()) {
                require(pv != null, "null pvalue");
                ballot(pv.ballot(), n);
                slot(pv.slot(), "slot");
                batch(pv.value());
            }
        } else if (m instanceof Message.P2a p) {
            ballot(p.ballot(), n);
            slot(p.slot(), "slot");
            batch(p.value());
        } else if (m instanceof Message.P2b p) {
            ballot(p.ballot(), n);
            slot(p.slot(), "slot");
        } else if (m instanceof Message.Decision d) {
            slot(d.slot(), "slot");
            batch(d.value());
        } else if (m instanceof Message.Chosen c) {
            ballot(c.ballot(), n);
            slot(c.slot(), "slot");
        } else if (m instanceof Message.CatchUpRequest c) {
            slot(c.fromSlot(), "fromSlot");
            slot(c.fromSeq(), "fromSeq");
        } else if (m instanceof Message.CatchUpReply c) {
            slot(c.fromSlot(), "fromSlot");
            require(c.values() != null, "null values");
            slot(c.upTo(), "upTo");
            require(c.upTo() >= c.fromSlot() + c.values().size(), "upTo is below the slots of the reply");
            for (Batch b : c.values()) {
                batch(b);
            }
        } else if (m instanceof Message.SnapshotReply r) {
            slot(r.slot(), "slot");
            slot(r.fromSeq(), "fromSeq");
            slot(r.snapshotSeq(), "snapshotSeq");
            require(r.entries() != null, "null entries");
            for (int i = 0; i < r.entries().size(); i++) {
                ChatEntry e = r.entries().get(i);
                require(e != null && e.seq() == r.fromSeq() + i, "snapshot entries must be consecutive from fromSeq");
                command(new Command(e.clientId(), e.requestId(), e.sender(), e.text()));
            }
        }
    }

    private static void node(int node, int n, String field) {
        require(node >= 0 && node < n, field + " " + node + " is not a node of this cluster");
    }

    private static void ballot(Ballot b, int n) {
        require(b.round() >= 0, "ballot round is negative");
        require(b.round() <= Ballot.MAX_ROUND, "ballot round is above " + Ballot.MAX_ROUND);
        // Ballot.ZERO (leader -1) is legal: it is the promise of a fresh acceptor.
        require(b.leader() >= -1 && b.leader() < n, "ballot leader " + b.leader() + " is not a node of this cluster");
    }

    private static void slot(long slot, String field) {
        require(slot >= 0, field + " is negative");
        // No slot arithmetic (slot + count) can overflow below it.
        require(slot <= MAX_SLOT, field + " is above " + MAX_SLOT);
    }

    private static void batch(Batch b) {
        require(b != null, "null batch");
        for (Command c : b.commands()) {
            command(c);
        }
    }

    /**
     * As POST /messages checks a client's (the same rules): a peer can slip in nothing a
     * client could not, ill-formed text (an unpaired surrogate) above all, which storage
     * would refuse to write, halting the server.
     */
    private static void command(Command c) {
        String problem = CommandRules.problem(c);
        require(problem == null, problem);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
