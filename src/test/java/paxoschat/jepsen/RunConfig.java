package paxoschat.jepsen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One schedule's settings. From system properties (all optional):
 * {@code jepsen.seed} (one schedule with that seed), {@code jepsen.schedules},
 * {@code jepsen.seconds} (fault phase per schedule), {@code jepsen.servers} (3 or 5),
 * {@code jepsen.writers}, {@code jepsen.readers}, {@code jepsen.recovery-bound-seconds},
 * {@code jepsen.storage} ({@code disk}, {@code memory}, or unset: see {@link Storage#forCluster}).
 */
public record RunConfig(long seed, int servers, int writers, int readers, Duration faultPhase,
                        Duration recoveryBound, Path outputDir, Storage storage) {

    public static final Path OUTPUT = Path.of("target", "jepsen");

    /**
     * How the servers keep their state. Disk: each server keeps its write-ahead log in a data
     * directory of its own across crashes and restarts (the master's default). Memory: a
     * crash loses everything and a restarted server recovers from the others (amnesiac).
     */
    public enum Storage {
        DISK, MEMORY;

        /**
         * The mode of the {@code ordinal}-th cluster a run starts (0, 1, ...): the one
         * {@code jepsen.storage} names, else memory and disk in turn, so that even the
         * short run of the test command meets both.
         */
        public static Storage forCluster(int ordinal) {
            String chosen = System.getProperty("jepsen.storage", "").strip();
            if (chosen.isEmpty()) {
                return ordinal % 2 == 0 ? MEMORY : DISK;
            }
            return switch (chosen) {
                case "disk" -> DISK;
                case "memory" -> MEMORY;
                default -> throw new IllegalArgumentException("jepsen.storage must be disk or memory, not " + chosen);
            };
        }

        public String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static RunConfig fromSystemProperties(long seed, Storage storage) {
        return new RunConfig(seed,
                Integer.getInteger("jepsen.servers", 3),
                Integer.getInteger("jepsen.writers", 4),
                Integer.getInteger("jepsen.readers", 2),
                Duration.ofSeconds(Long.getLong("jepsen.seconds", 20)),
                Duration.ofSeconds(Long.getLong("jepsen.recovery-bound-seconds", 10)),
                OUTPUT, storage);
    }

    public Path historyFile() {
        return outputDir.resolve(seed + ".history");
    }

    public Path logDir() {
        return outputDir.resolve("logs").resolve(Long.toString(seed));
    }

    /** Where the servers of a disk-mode cluster named {@code marker} keep their data directories. */
    public Path dataRoot(String marker) {
        return outputDir.resolve("data").resolve(marker);
    }
}
