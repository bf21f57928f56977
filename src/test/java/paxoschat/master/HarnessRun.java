package paxoschat.master;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One run of {@code ./master-cli} the way the course harness runs it: the script's lines
 * right-stripped, joined by {@code \n}, no final newline; stdout read until it closes. It
 * also sees what the harness cannot: the exit code, stderr (kept in a file), the time, and
 * every process the master started, which must all be gone after it.
 *
 * @param stdout   what the master printed, or null if stdout stayed open past the limit
 * @param exitCode the master's, or -1 if it did not exit
 * @param leftover processes the master started that were still alive after it exited
 */
public record HarnessRun(byte[] stdout, int exitCode, Duration took, List<ProcessHandle> leftover, Path stderr) {

    /** The script as the harness feeds it. */
    public static String input(List<String> lines) {
        return lines.stream().map(String::stripTrailing).collect(Collectors.joining("\n"));
    }

    /**
     * Runs {@code ./master-cli args} in {@code root} on {@code input}, with {@code env}
     * added to the environment, stderr to {@code stderr}; kills everything after
     * {@code limit}. Every process it started is killed before it returns, whatever happened.
     */
    public static HarnessRun run(Path root, List<String> args, String input, Map<String, String> env, Path stderr,
                                 Duration limit) throws IOException, InterruptedException {
        Files.createDirectories(stderr.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of("./master-cli"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        long began = System.nanoTime();
        Process master = builder.start();
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // Remember every descendant ever seen, to check afterwards that none outlived the master.
        sampler.scheduleAtFixedRate(() -> master.descendants().forEach(seen::add), 0, 20, TimeUnit.MILLISECONDS);
        try {
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try (OutputStream in = master.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The master stopped reading: it died, which the exit code shows.
                }
            });
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return master.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return null;
                }
            });
            byte[] stdout;
            try {
                stdout = out.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stdout = null;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            boolean exited = stdout != null && master.waitFor(30, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            feeding.cancel(true);
            sampler.shutdown();
            sampler.awaitTermination(1, TimeUnit.SECONDS);
            List<ProcessHandle> leftover = new ArrayList<>();
            if (exited) {
                // Servers halt once the master's pipe closes; give them a moment to go.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (seen.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                    seen.stream().filter(ProcessHandle::isAlive).findFirst()
                            .ifPresent(p -> p.onExit().completeOnTimeout(p, 100, TimeUnit.MILLISECONDS).join());
                }
                seen.stream().filter(ProcessHandle::isAlive).forEach(leftover::add);
            }
            return new HarnessRun(stdout, exited ? master.exitValue() : -1, took, leftover, stderr);
        } finally {
            sampler.shutdownNow();
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            seen.forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }

    public String stdoutText() {
        return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
    }
}
