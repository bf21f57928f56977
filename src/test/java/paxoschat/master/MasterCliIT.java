package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./master-cli} as a person meets it: help and version before any build, and a
 * script's data directory, which exists while the script runs and is gone after it, also
 * after SIGTERM; after SIGKILL the next master run removes it.
 */
class MasterCliIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void helpAndVersionAnswerWithoutABuild(@TempDir Path checkout) throws Exception {
        // A checkout with the launcher and its texts but nothing to build from: a build would fail.
        Files.copy(ROOT.resolve("master-cli"), checkout.resolve("master-cli"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(ROOT.resolve("pom.xml"), checkout.resolve("pom.xml"));
        Path help = checkout.resolve("src/main/resources/paxoschat/master/help.txt");
        Files.createDirectories(help.getParent());
        Files.copy(ROOT.resolve("src/main/resources/paxoschat/master/help.txt"), help);

        assertThat(output(checkout, "./master-cli", "--storage=memory", "--help")).isEqualTo(Files.readString(help));
        assertThat(output(checkout, "./master-cli", "serve", "3", "--version")).startsWith("paxos-chat 0.");
        assertThat(checkout.resolve("target")).as("nothing built").doesNotExist();
    }

    @Test
    void aScriptsDataIsGoneAfterItAndAfterSigterm() throws Exception {
        Process master = startScript();
        try {
            Path data = runningDataDir(master);
            assertThat(data.resolve("node-0")).isDirectoryContaining("glob:**/wal-*.log");
            master.destroy(); // SIGTERM
            assertThat(master.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(master.exitValue()).isZero();
            assertThat(data).as(() -> "the master's stderr:\n" + readQuietly(tmp.resolve("master.stderr"))).doesNotExist();
        } finally {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
        // At EOF the same: a whole script, run as the harness does.
        HarnessRun run = HarnessRun.run(ROOT, List.of(), "start 1 1\nsendMessage 0 x\nallClear\nprintChatLog 0",
                java.util.Map.of("PAXOS_MASTER_JVM_OPTS", "-Djava.io.tmpdir=" + tmp), tmp.resolve("eof.stderr"),
                Duration.ofMinutes(5));
        assertThat(run.stdoutText()).isEqualTo("0 0: x\n");
        assertThat(dataDirs()).isEmpty();
    }

    @Test
    void aSigkilledMastersDataIsRemovedByTheNextRun() throws Exception {
        Process master = startScript();
        List<ProcessHandle> servers = new ArrayList<>();
        Path data;
        try {
            data = runningDataDir(master);
            master.descendants().forEach(servers::add);
            master.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(master.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Its servers halt as their stdin closes.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(servers).noneMatch(ProcessHandle::isAlive));
        } finally {
            servers.forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(data).as("left by the killed master").isDirectory();
        // Past the grace a lock file gets in case its master is about to lock it.
        Files.setLastModifiedTime(data.resolve(RunDirectories.LOCK), FileTime.from(Instant.now().minusSeconds(60)));
        HarnessRun run = HarnessRun.run(ROOT, List.of(), "", java.util.Map.of("PAXOS_MASTER_JVM_OPTS",
                "-Djava.io.tmpdir=" + tmp), tmp.resolve("next.stderr"), Duration.ofMinutes(5));
        assertThat(run.exitCode()).isZero();
        assertThat(data).as("swept by the next run").doesNotExist();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A master on a three-server script that is still running: stdin stays open. */
    private Process startScript() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("./master-cli").directory(ROOT.toFile())
                .redirectError(tmp.resolve("master.stderr").toFile());
        builder.environment().put("PAXOS_MASTER_JVM_OPTS", "-Djava.io.tmpdir=" + tmp);
        Process master = builder.start();
        OutputStream in = master.getOutputStream();
        in.write("start 3 1\nsendMessage 0 on disk\nallClear\nprintChatLog 0\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        return master;
    }

    /** Once the script printed its log: the one data directory of the run. */
    private Path runningDataDir(Process master) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("0 0: on disk");
        List<Path> dirs = dataDirs();
        assertThat(dirs).hasSize(1);
        return dirs.get(0);
    }

    private List<Path> dataDirs() throws IOException {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith(RunDirectories.DATA_PREFIX)).toList();
        }
    }

    private static String output(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
