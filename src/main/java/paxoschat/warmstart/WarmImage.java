package paxoschat.warmstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link WarmTemplate} checkpointed by CRIU, which the master restores once per server it
 * starts instead of starting a cold JVM (README, Start-up). master-cli makes it once per
 * build, where CRIU works, in {@code target/app/warm}: CRIU's image files in {@code images/},
 * and in {@link #PIPES_FILE} the template's standard input, output and error as CRIU names
 * them ({@code pipe:[inode]}), one per line. A restore connects those three to its own, so a
 * restored server reads its arguments from the master, writes to its log file, and halts
 * when the master's pipe closes, as a cold-started server does.
 *
 * <p>CRIU restores the template as the first process of a new PID namespace, so copies
 * restored side by side never clash over the process ids they had in the checkpoint, and
 * stays its parent: the restore process lives exactly as long as the server.
 *
 * @param criu the command that runs CRIU, possibly several words; master-cli passes one
 *             path, a wrapper that runs the CRIU it fetched through that CRIU's own loader
 */
public record WarmImage(Path directory, List<String> criu, String stdin, String stdout, String stderr) {

    public static final String PIPES_FILE = "pipes";
    public static final String IMAGES = "images";
    /** System properties, set by master-cli when an image exists. */
    public static final String IMAGE_PROPERTY = "paxos.warm-start.image";
    public static final String CRIU_PROPERTY = "paxos.warm-start.criu";

    private static final Pattern PIPE = Pattern.compile("pipe:\\[\\d+\\]");

    public WarmImage {
        criu = List.copyOf(criu);
        for (String pipe : List.of(stdin, stdout, stderr)) {
            if (!PIPE.matcher(pipe).matches()) {
                throw new IllegalArgumentException("not a pipe as CRIU names it: '" + pipe + "'");
            }
        }
    }

    /** The image the system properties name, if they name one that reads correctly. */
    public static Optional<WarmImage> fromSystemProperties() {
        String dir = System.getProperty(IMAGE_PROPERTY, "").strip();
        String criu = System.getProperty(CRIU_PROPERTY, "").strip();
        if (dir.isEmpty() || criu.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(Path.of(dir), List.of(criu.split("\\s+"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static WarmImage read(Path directory, List<String> criu) throws IOException {
        List<String> pipes = Files.readAllLines(directory.resolve(PIPES_FILE)).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (pipes.size() != 3) {
            throw new IllegalArgumentException(directory.resolve(PIPES_FILE) + " must name 3 pipes, not " + pipes.size());
        }
        if (!Files.isDirectory(directory.resolve(IMAGES))) {
            throw new IllegalArgumentException("no " + IMAGES + " directory in " + directory);
        }
        return new WarmImage(directory, criu, pipes.get(0), pipes.get(1), pipes.get(2));
    }

    /**
     * The command that restores one server: its standard streams become the restore
     * process's own, and CRIU writes the restored process's id (as this machine sees it) to
     * {@code pidFile}, which must not exist yet, and what it has to say to {@code log}.
     */
    public List<String> restoreCommand(Path pidFile, Path log) {
        List<String> command = new ArrayList<>(criu);
        command.addAll(List.of("restore", "--images-dir", directory.resolve(IMAGES).toAbsolutePath().toString(),
                "--pidfile", pidFile.toAbsolutePath().toString(),
                "--log-file", log.toAbsolutePath().toString(),
                "--inherit-fd", "fd[0]:" + stdin,
                "--inherit-fd", "fd[1]:" + stdout,
                "--inherit-fd", "fd[2]:" + stderr));
        return command;
    }
}
