package paxoschat.warmstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import paxoschat.warmstart.ProtoWire.Field;

/**
 * Rewrites a CRIU image so that a restore maps the memory it is about to fill with its
 * pages populated ({@code MAP_POPULATE}) rather than empty: {@code paxoschat.Main
 * prefault-image IMAGES_DIR}, run by master-cli on each new warm image.
 *
 * <p>Why: a restore copies the checkpoint's pages (75-95 MB for a server) into freshly mapped
 * memory, and on the virtual machines this project runs on, the first touch of each fresh
 * page is a page fault of several microseconds: about half of a restore's 250 ms of CPU went
 * to 20,000 of them. Populating a mapping allocates all its pages in one call. Only mappings
 * CRIU fills at least {@link #MIN_PRESENT} full are marked, so populating costs little memory
 * that the checkpoint did not have; thread stacks, for one, are mostly empty and stay as
 * they are. Populating changes when a page is allocated, never what it holds.
 */
public final class Prefault {

    /** The least share of a mapping's pages the image must hold for it to be populated. */
    static final double MIN_PRESENT = 0.75;

    // Linux mmap(2)
    static final long PROT_WRITE = 0x2;
    static final long MAP_SHARED = 0x01;
    static final long MAP_PRIVATE = 0x02;
    static final long MAP_GROWSDOWN = 0x0100;
    static final long MAP_POPULATE = 0x8000;

    // CRIU's VmaEntry.status bits (criu/include/image.h)
    static final long VMA_AREA_REGULAR = 1L << 0;
    static final long VMA_FILE_PRIVATE = 1L << 6;
    static final long VMA_ANON_PRIVATE = 1L << 9;
    /** Stack, vsyscall, vDSO, heap, shared, SysV IPC, socket, vvar, AIO, memfd, shadow stack, guard, uprobes. */
    static final long VMA_SPECIAL = (1L << 1) | (1L << 2) | (1L << 3) | (1L << 5) | (1L << 7) | (1L << 8)
            | (1L << 10) | (1L << 11) | (1L << 12) | (1L << 13) | (1L << 14) | (1L << 15) | (1L << 16) | (1L << 17);

    // Field numbers of CRIU's images/mm.proto, vma.proto and pagemap.proto
    static final int MM_VMAS = 14;
    static final int VMA_START = 1;
    static final int VMA_END = 2;
    static final int VMA_PROT = 5;
    static final int VMA_FLAGS = 6;
    static final int VMA_STATUS = 7;
    static final int PAGEMAP_VADDR = 1;
    static final int PAGEMAP_COMPAT_NR_PAGES = 2;
    static final int PAGEMAP_FLAGS = 4;
    static final int PAGEMAP_NR_PAGES = 5;
    static final long PE_PRESENT = 1L << 2;

    static final long PAGE = 4096;

    /** What {@link #apply} did: mappings marked, of how many, and their size in bytes. */
    record Result(int marked, int mappings, long markedBytes) {

        Result plus(Result other) {
            return new Result(marked + other.marked, mappings + other.mappings, markedBytes + other.markedBytes);
        }
    }

    private Prefault() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: prefault-image IMAGES_DIR");
            System.exit(2);
        }
        Result r = apply(Path.of(args[0]));
        System.err.printf("prefault-image: %d of %d mappings populated on restore, %d MB%n",
                r.marked(), r.mappings(), r.markedBytes() >> 20);
    }

    /** Marks the mappings of every process in the image directory {@code images}. */
    static Result apply(Path images) throws IOException {
        List<Path> mms;
        try (Stream<Path> files = Files.list(images)) {
            mms = files.filter(p -> p.getFileName().toString().matches("mm-\\d+\\.img")).sorted().toList();
        }
        if (mms.isEmpty()) {
            throw new IOException("no mm-PID.img in " + images);
        }
        Result total = new Result(0, 0, 0);
        for (Path mm : mms) {
            Path pagemap = images.resolve(mm.getFileName().toString().replace("mm-", "pagemap-"));
            total = total.plus(apply(mm, pagemap));
        }
        return total;
    }

    static Result apply(Path mmFile, Path pagemapFile) throws IOException {
        List<long[]> present = presentRanges(CriuImageFile.read(pagemapFile, CriuImageFile.PAGEMAP_MAGIC));
        CriuImageFile mm = CriuImageFile.read(mmFile, CriuImageFile.MM_MAGIC);
        if (mm.entries().size() != 1) {
            throw new IOException(mmFile + " holds " + mm.entries().size() + " entries, not one");
        }
        int marked = 0;
        int mappings = 0;
        long bytes = 0;
        List<Field> fields = new ArrayList<>();
        for (Field f : ProtoWire.parse(mm.entries().get(0))) {
            if (f.number() == MM_VMAS && f.type() == ProtoWire.LENGTH_DELIMITED) {
                mappings++;
                List<Field> vma = ProtoWire.parse(f.bytes());
                if (shouldPopulate(vma, present)) {
                    marked++;
                    bytes += get(vma, VMA_END) - get(vma, VMA_START);
                    vma = vma.stream()
                            .map(v -> v.number() == VMA_FLAGS ? v.withValue(v.value() | MAP_POPULATE) : v)
                            .toList();
                    f = new Field(f.number(), f.type(), 0, ProtoWire.encode(vma));
                }
            }
            fields.add(f);
        }
        if (marked > 0) {
            new CriuImageFile(mm.kind(), List.of(ProtoWire.encode(fields))).write(mmFile);
        }
        return new Result(marked, mappings, bytes);
    }

    static boolean shouldPopulate(List<Field> vma, List<long[]> present) {
        long status = get(vma, VMA_STATUS);
        long flags = get(vma, VMA_FLAGS);
        boolean privateMemory = (status & VMA_AREA_REGULAR) != 0
                && ((status & VMA_ANON_PRIVATE) != 0) != ((status & VMA_FILE_PRIVATE) != 0);
        if (!privateMemory || (status & VMA_SPECIAL) != 0 || (flags & MAP_POPULATE) != 0
                || (flags & (MAP_SHARED | MAP_GROWSDOWN)) != 0 || (flags & MAP_PRIVATE) == 0
                || (get(vma, VMA_PROT) & PROT_WRITE) == 0) {
            return false;
        }
        long start = get(vma, VMA_START);
        long end = get(vma, VMA_END);
        long held = 0;
        for (long[] range : present) {
            held += Math.max(0, Math.min(end, range[1]) - Math.max(start, range[0]));
        }
        return end > start && held >= MIN_PRESENT * (end - start);
    }

    /** The address ranges [from, to) whose pages the image holds. */
    static List<long[]> presentRanges(CriuImageFile pagemap) throws IOException {
        if (pagemap.entries().isEmpty()) {
            throw new IOException("a pagemap image without its head");
        }
        List<long[]> ranges = new ArrayList<>();
        // The first entry is the head, naming the pages file.
        for (byte[] entry : pagemap.entries().subList(1, pagemap.entries().size())) {
            List<Field> e = ProtoWire.parse(entry);
            if ((ProtoWire.varint(e, PAGEMAP_FLAGS).orElse(0) & PE_PRESENT) == 0) {
                continue;
            }
            long pages = ProtoWire.varint(e, PAGEMAP_NR_PAGES)
                    .orElse(ProtoWire.varint(e, PAGEMAP_COMPAT_NR_PAGES).orElse(0));
            long from = get(e, PAGEMAP_VADDR);
            ranges.add(new long[] {from, from + pages * PAGE});
        }
        return ranges;
    }

    private static long get(List<Field> message, int number) {
        return ProtoWire.varint(message, number)
                .orElseThrow(() -> new IllegalArgumentException("no field " + number + " in a CRIU image entry"));
    }
}
