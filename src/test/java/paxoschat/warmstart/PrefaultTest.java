package paxoschat.warmstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxoschat.warmstart.Prefault.MAP_GROWSDOWN;
import static paxoschat.warmstart.Prefault.MAP_POPULATE;
import static paxoschat.warmstart.Prefault.MAP_PRIVATE;
import static paxoschat.warmstart.Prefault.MAP_SHARED;
import static paxoschat.warmstart.Prefault.PAGE;
import static paxoschat.warmstart.Prefault.VMA_ANON_PRIVATE;
import static paxoschat.warmstart.Prefault.VMA_AREA_REGULAR;
import static paxoschat.warmstart.Prefault.VMA_FILE_PRIVATE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.warmstart.ProtoWire.Field;

class PrefaultTest {

    private static final long MAP_ANONYMOUS = 0x20;
    private static final long READ = 1;
    private static final long READ_WRITE = 3;
    private static final long ANON = VMA_AREA_REGULAR | VMA_ANON_PRIVATE;
    private static final long STACK = 1 << 1;
    private static final long VDSO = 1 << 3;
    private static final long ANON_SHARED = 1 << 8;
    private static final long PE_LAZY = 1 << 1;

    @TempDir
    Path images;

    private final List<byte[]> vmas = new ArrayList<>();
    private final List<byte[]> pagemap = new ArrayList<>(List.of(ProtoWire.encode(List.of(Field.varint(1, 1)))));

    @Test
    void populatesTheWritablePrivateMappingsTheImageFillsAtLeastThreeQuarters() throws IOException {
        mapping(0x10000, 16, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ANON, 16); // full: yes
        mapping(0x20000, 16, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ANON, 8); // half: no
        mapping(0x30000, 4, READ_WRITE, MAP_PRIVATE, VMA_AREA_REGULAR | VMA_FILE_PRIVATE, 3); // 3/4 of a file: yes
        mapping(0x40000, 1, READ, MAP_PRIVATE | MAP_ANONYMOUS, ANON, 1); // read-only: no
        mapping(0x50000, 8, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, ANON | STACK, 8); // stack: no
        mapping(0x60000, 2, READ_WRITE, MAP_SHARED | MAP_ANONYMOUS, VMA_AREA_REGULAR | ANON_SHARED, 2); // shared: no
        mapping(0x70000, 2, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ANON | VDSO, 2); // vDSO: no
        mapping(0x80000, 4, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ANON, 0); // pages in a parent image only: no
        pages(0x80000, 4, 1); // PE_PARENT, not PE_PRESENT
        byte[] before = writeImage();

        Prefault.Result result = Prefault.apply(images);

        assertThat(result).isEqualTo(new Prefault.Result(2, 8, (16 + 4) * PAGE));
        List<List<Field>> after = readVmas();
        assertThat(after).extracting(v -> ProtoWire.varint(v, Prefault.VMA_FLAGS).getAsLong() & MAP_POPULATE)
                .containsExactly(MAP_POPULATE, 0L, MAP_POPULATE, 0L, 0L, 0L, 0L, 0L);
        // Nothing else changed: without the new flag, the entry is the one CRIU wrote.
        List<Field> mmAfter = ProtoWire.parse(CriuImageFile.read(images.resolve("mm-7.img"), CriuImageFile.MM_MAGIC)
                .entries().get(0));
        List<Field> unmarked = mmAfter.stream().map(f -> f.number() == Prefault.MM_VMAS
                ? new Field(f.number(), f.type(), 0, ProtoWire.encode(ProtoWire.parse(f.bytes()).stream()
                        .map(v -> v.number() == Prefault.VMA_FLAGS ? v.withValue(v.value() & ~MAP_POPULATE) : v).toList()))
                : f).toList();
        assertThat(ProtoWire.encode(unmarked)).isEqualTo(before);
    }

    @Test
    void applyingItAgainChangesNothing() throws IOException {
        mapping(0x10000, 16, READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, ANON, 16);
        writeImage();
        Prefault.apply(images);
        byte[] once = Files.readAllBytes(images.resolve("mm-7.img"));
        assertThat(Prefault.apply(images).marked()).isZero();
        assertThat(Files.readAllBytes(images.resolve("mm-7.img"))).isEqualTo(once);
    }

    @Test
    void aDirectoryWithoutAnImageIsAnError() {
        assertThatThrownBy(() -> Prefault.apply(images)).isInstanceOf(IOException.class).hasMessageContaining("no mm-PID.img");
    }

    private void mapping(long start, int pages, long prot, long flags, long status, int present) {
        vmas.add(ProtoWire.encode(List.of(Field.varint(1, start), Field.varint(2, start + pages * PAGE),
                Field.varint(3, 0), Field.varint(4, 0), Field.varint(5, prot), Field.varint(6, flags),
                Field.varint(7, status), Field.varint(8, 1))));
        if (present > 0) {
            pages(start, present, Prefault.PE_PRESENT | PE_LAZY);
        }
    }

    private void pages(long vaddr, int count, long flags) {
        pagemap.add(ProtoWire.encode(List.of(Field.varint(1, vaddr), Field.varint(2, 0), Field.varint(4, flags),
                Field.varint(5, count))));
    }

    /** Writes mm-7.img and pagemap-7.img; returns the mm entry. */
    private byte[] writeImage() throws IOException {
        List<Field> mm = new ArrayList<>(List.of(Field.varint(1, 0x400000), Field.varint(12, 3)));
        for (byte[] vma : vmas) {
            mm.add(new Field(Prefault.MM_VMAS, ProtoWire.LENGTH_DELIMITED, 0, vma));
        }
        mm.add(Field.varint(15, 1));
        byte[] entry = ProtoWire.encode(mm);
        new CriuImageFile(CriuImageFile.MM_MAGIC, List.of(entry)).write(images.resolve("mm-7.img"));
        new CriuImageFile(CriuImageFile.PAGEMAP_MAGIC, pagemap).write(images.resolve("pagemap-7.img"));
        return entry;
    }

    private List<List<Field>> readVmas() throws IOException {
        return ProtoWire.parse(CriuImageFile.read(images.resolve("mm-7.img"), CriuImageFile.MM_MAGIC).entries().get(0))
                .stream().filter(f -> f.number() == Prefault.MM_VMAS).map(f -> ProtoWire.parse(f.bytes())).toList();
    }
}
