package paxoschat.master;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import paxoschat.server.Standby;
import paxoschat.server.StandbyAssignment;

/**
 * Standby server JVMs for {@code restartServer} (see {@link Standby}). A new JVM takes about
 * a second of CPU to start a server; a standby that warmed up beforehand takes a fraction,
 * so a restart is ready sooner. A standby is used only once it is warm: one still warming
 * would be slower than a new JVM. Standbys warm up at a lower CPU priority (nice 10) so that
 * they take only CPU the cluster leaves idle; an assigned one gets normal priority back.
 * Lowering the nice value again needs root, so other users get standbys at normal priority.
 *
 * <p>Not thread-safe: the {@link Cluster} calls it under its lock.
 */
final class Spares {

    private static final int NICE = 10;

    private record Spare(Process process, Path warmMarker) {
    }

    private final ServerLauncher launcher;
    private final int target;
    private final boolean nice;
    private final List<Spare> spares = new ArrayList<>();
    private int spawned;

    Spares(ServerLauncher launcher, int target) {
        this.launcher = launcher;
        this.target = target;
        this.nice = target > 0 && runningAsRoot();
    }

    /** Starts standbys until {@code target} are alive. */
    void topUp() {
        spares.removeIf(s -> !s.process().isAlive());
        while (spares.size() < target) {
            int k = spawned++;
            Path marker = launcher.logDir().resolve("spare-" + k + ".warm");
            List<String> command = new ArrayList<>();
            if (nice) {
                command.addAll(List.of("nice", "-n", Integer.toString(NICE)));
            }
            command.addAll(launcher.spareCommand(marker));
            try {
                Files.deleteIfExists(marker);
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(launcher.spareLogFile(k).toFile())).start();
                spares.add(new Spare(p, marker));
            } catch (IOException e) {
                return; // no standby: restarts start new JVMs, as without standbys
            }
        }
    }

    /**
     * Turns a warm standby into the server with these arguments.
     *
     * @return its process, or null if no standby is warm yet
     */
    Process assign(List<String> serverArgs, Path logFile) {
        String line = StandbyAssignment.line(logFile, serverArgs);
        for (Iterator<Spare> it = spares.iterator(); it.hasNext(); ) {
            Spare spare = it.next();
            if (!spare.process().isAlive()) {
                it.remove();
                continue;
            }
            if (!Files.exists(spare.warmMarker())) {
                continue;
            }
            it.remove();
            try {
                if (nice) {
                    renice(spare.process().pid());
                }
                // Never closed: the server halts when this pipe reaches EOF, i.e. with the master.
                OutputStream stdin = spare.process().getOutputStream();
                stdin.write(line.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                Files.deleteIfExists(spare.warmMarker());
                return spare.process();
            } catch (IOException e) {
                spare.process().destroyForcibly();
            }
        }
        return null;
    }

    List<Process> processes() {
        return spares.stream().map(Spare::process).toList();
    }

    /** Every thread of the JVM: on Linux the nice value belongs to each thread. */
    private static void renice(long pid) throws IOException {
        List<String> command = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> command.add(t.getFileName().toString()));
        }
        Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.DISCARD).start();
        try {
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroyForcibly();
                throw new IOException("renice of standby " + pid + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while renicing standby " + pid);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
