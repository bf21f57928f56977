package paxoschat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.PValue;
import paxoschat.storage.DiskStorage;

/**
 * bench/fsync: how long one group commit of the write-ahead log takes, appending to a
 * growing segment file against overwriting the zeros of a preallocated one
 * ({@code DiskStorage.Options.preallocateBytes}) by 1 or 4 MiB at a time. Each sync writes
 * one vote of a batch of {@code commands} chat messages, as a follower does for each 2a.
 * The ways take turns in rounds, so that the load of a shared machine falls on all alike.
 * The slowest syncs of a preallocated log are those that extend it: they write the zeros.
 *
 * <pre>java -cp CLASSPATH paxoschat.bench.FsyncBench [syncs per round] [rounds] [directory] [commands]</pre>
 */
public final class FsyncBench {

    private FsyncBench() {
    }

    public static void main(String[] args) throws IOException {
        int syncs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path parent = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        int commands = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long[] preallocations = {0, 1L << 20, 4L << 20};
        List<List<Long>> micros = new ArrayList<>();
        for (int way = 0; way < preallocations.length; way++) {
            micros.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int way = 0; way < preallocations.length; way++) {
                micros.get(way).addAll(run(parent, preallocations[way], syncs, commands));
            }
        }
        System.out.printf("# %d syncs per round of one vote of %d commands each, %d rounds, in %s%n", syncs,
                commands, rounds, parent.toAbsolutePath());
        System.out.printf("%-24s %8s %8s %8s %8s %8s %8s%n", "segment", "p50 us", "p90 us", "p99 us", "p99.9 us",
                "max us", "mean us");
        for (int way = 0; way < preallocations.length; way++) {
            long[] sorted = micros.get(way).stream().mapToLong(Long::longValue).sorted().toArray();
            String label = preallocations[way] == 0 ? "growing (append)"
                    : "preallocated " + (preallocations[way] >> 20) + " MiB";
            System.out.printf("%-24s %8d %8d %8d %8d %8d %8.0f%n", label, at(sorted, 0.5), at(sorted, 0.9),
                    at(sorted, 0.99), at(sorted, 0.999), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                    Arrays.stream(sorted).average().orElse(0));
        }
    }

    /** Microseconds of each of {@code syncs} syncs on a fresh log in a fresh directory. */
    private static List<Long> run(Path parent, long preallocate, int syncs, int commands) throws IOException {
        Path dir = Files.createTempDirectory(parent, "fsync-bench-");
        List<Long> micros = new ArrayList<>(syncs);
        List<Command> batched = new ArrayList<>();
        for (int c = 0; c < commands; c++) {
            batched.add(new Command("bench-" + c, 1, "bench", "the quick brown fox jumps over the lazy dog"));
        }
        Batch batch = new Batch(batched);
        try (DiskStorage storage = DiskStorage.open(dir, DiskStorage.Options.defaults()
                .withPreallocateBytes(preallocate))) {
            for (int i = 0; i < syncs; i++) {
                storage.append(List.of(new DurableRecord.Accepted(new PValue(new Ballot(1, 0), i, batch))));
                long start = System.nanoTime();
                storage.sync();
                micros.add((System.nanoTime() - start) / 1000);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return micros;
    }

    private static long at(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
    }
}
