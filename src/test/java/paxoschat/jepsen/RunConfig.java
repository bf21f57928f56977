package paxoschat.jepsen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One schedule's settings. From system properties (all optional):
 * {@code jepsen.seed} (one schedule with that seed), {@code jepsen.schedules},
 * {@code jepsen.seconds} (fault phase per schedule), {@code jepsen.servers} (3 or 5),
 * {@code jepsen.writers}, {@code jepsen.readers}, {@code jepsen.recovery-bound-seconds}.
 */
public record RunConfig(long seed, int servers, int writers, int readers, Duration faultPhase,
                        Duration recoveryBound, Path outputDir) {

    public static final Path OUTPUT = Path.of("target", "jepsen");

    public static RunConfig fromSystemProperties(long seed) {
        return new RunConfig(seed,
                Integer.getInteger("jepsen.servers", 3),
                Integer.getInteger("jepsen.writers", 4),
                Integer.getInteger("jepsen.readers", 2),
                Duration.ofSeconds(Long.getLong("jepsen.seconds", 20)),
                Duration.ofSeconds(Long.getLong("jepsen.recovery-bound-seconds", 10)),
                OUTPUT);
    }

    public Path historyFile() {
        return outputDir.resolve(seed + ".history");
    }

    public Path logDir() {
        return outputDir.resolve("logs").resolve(Long.toString(seed));
    }
}
