package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.DurableRecord;

/**
 * Coverage-guided fuzzing (Jazzer) of what storage reads back from a disk it does not trust:
 * a record of the log or a snapshot, an entry of chatlog.cache, the frames around them. Any
 * input decodes or is refused with an {@link IOException}, never with another exception,
 * and whatever decodes encodes back to the very same bytes (the codec is canonical, strings
 * included: strict UTF-8 has one encoding per string).
 *
 * <p>One fuzz test, the first byte choosing the codec: Jazzer fuzzes one test per JVM. Every
 * {@code ./mvnw test} replays the inputs kept in src/test/resources in the usual run, and
 * fuzzes for a few seconds in a run of its own (pom.xml, execution fuzz-storage);
 * {@code bench/fuzz} fuzzes for longer.
 */
class RecordCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void storageCodecsDecodeToWhatEncodesBackOrRefuse(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 3)) {
            case 0 -> record(rest);
            case 1 -> chatEntry(rest);
            default -> frames(rest);
        }
    }

    private static void record(byte[] payload) {
        RecordCodec.Reader reader = new RecordCodec.Reader();
        DurableRecord record;
        try {
            record = reader.read(payload);
        } catch (IOException refused) {
            return;
        }
        if (record == null) {
            assertThat(reader.unfinished()).as("null only while a snapshot's parts still come").isTrue();
            return;
        }
        if (payload[0] == RecordCodec.INSTALLED_PART) {
            // One part that is the whole snapshot: it encodes back to the same part.
            ByteArrayOutputStream parts = new ByteArrayOutputStream();
            RecordCodec.encode(record, parts::writeBytes);
            assertThat(parts.toByteArray()).isEqualTo(payload);
            return;
        }
        assertThat(RecordCodec.encode(record)).isEqualTo(payload);
    }

    private static void chatEntry(byte[] payload) {
        ChatEntry entry;
        try {
            entry = RecordCodec.decodeEntry(payload);
        } catch (IOException refused) {
            return;
        }
        assertThat(RecordCodec.encodeEntry(entry)).isEqualTo(payload);
    }

    private static void frames(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int consumed = 0;
        while (true) {
            int before = in.available();
            Frames.Result r = Frames.read(in);
            if (!(r instanceof Frames.Frame f)) {
                assertThat(r instanceof Frames.End).isEqualTo(before == 0);
                return;
            }
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            Frames.write(again, f.payload());
            byte[] frame = again.toByteArray();
            assertThat(Arrays.copyOfRange(bytes, consumed, consumed + frame.length)).isEqualTo(frame);
            consumed += frame.length;
        }
    }
}
