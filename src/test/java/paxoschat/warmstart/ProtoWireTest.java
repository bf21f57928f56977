package paxoschat.warmstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import paxoschat.warmstart.ProtoWire.Field;

class ProtoWireTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readsEveryWireTypeAndWritesTheSameBytesBack() {
        // 1: varint 150 (two bytes); 2: fixed64; 3: "hi"; 4: fixed32; 6: varint 2^63 (ten bytes)
        byte[] message = HEX.parseHex("089601" + "110102030405060708" + "1a026869" + "250a0b0c0d"
                + "3080808080808080808001");
        List<Field> fields = ProtoWire.parse(message);
        assertThat(fields).extracting(Field::number).containsExactly(1, 2, 3, 4, 6);
        assertThat(fields.get(0).value()).isEqualTo(150);
        assertThat(fields.get(2).bytes()).asString().isEqualTo("hi");
        assertThat(fields.get(4).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(ProtoWire.encode(fields)).isEqualTo(message);
    }

    @Test
    void aChangedVarintMayTakeMoreBytes() {
        List<Field> fields = ProtoWire.parse(HEX.parseHex("3022" + "0801"));
        List<Field> changed = List.of(fields.get(0).withValue(0x8022), fields.get(1));
        assertThat(HEX.formatHex(ProtoWire.encode(changed))).isEqualTo("30a28002" + "0801");
        assertThat(ProtoWire.varint(ProtoWire.parse(ProtoWire.encode(changed)), 6)).hasValue(0x8022);
        assertThat(ProtoWire.varint(changed, 9)).isEmpty();
    }

    @Test
    void aTruncatedMessageIsRefused() {
        assertThatThrownBy(() -> ProtoWire.parse(HEX.parseHex("1a0568"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 3 runs past the message");
        assertThatThrownBy(() -> ProtoWire.parse(HEX.parseHex("0896"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("varint runs past");
        assertThatThrownBy(() -> ProtoWire.parse(HEX.parseHex("0b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported wire type 3");
    }

    @Test
    void onlyAVarintTakesANewValue() {
        Field text = ProtoWire.parse(HEX.parseHex("1a026869")).get(0);
        assertThatThrownBy(() -> text.withValue(1)).isInstanceOf(IllegalStateException.class);
    }
}
