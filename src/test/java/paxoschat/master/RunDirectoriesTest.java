package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's directories: the last {@link RunDirectories#KEEP_RUNS} log directories kept,
 * data directories of masters that are gone swept, and nothing a live master or server
 * holds ever touched. A lock this JVM holds stands for one held by another live process.
 */
class RunDirectoriesTest {

    @TempDir
    Path tmp;

    private Path oldRun(Path logs, int i) throws IOException {
        Path dir = Files.createDirectories(logs.resolve(String.format("run-20260101-0000%02d-000-1", i)));
        Files.writeString(dir.resolve("server-0.log"), "log");
        Path lock = Files.writeString(dir.resolve(RunDirectories.LOCK), "");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
        return dir;
    }

    @Test
    void onlyTheNewestRunsAreKeptAndARunStillGoingIsNeverPruned() throws IOException {
        Path logs = tmp.resolve("logs");
        Path going = oldRun(logs, 0);
        for (int i = 1; i < 15; i++) {
            oldRun(logs, i);
        }
        try (FileChannel held = FileChannel.open(going.resolve(RunDirectories.LOCK), StandardOpenOption.WRITE)) {
            held.lock();
            Path mine = RunDirectories.newLogDir(logs);
            assertThat(mine).isDirectory();
            try (var runs = Files.list(logs)) {
                assertThat(runs.map(p -> p.getFileName().toString()).sorted().toList())
                        .as("the oldest, still held, and the newest 10 with this one")
                        .hasSize(RunDirectories.KEEP_RUNS + 1)
                        .contains(going.getFileName().toString(), mine.getFileName().toString())
                        .doesNotContain("run-20260101-000001-000-1", "run-20260101-000005-000-1");
            }
        }
    }

    @Test
    void aKilledMastersDataIsSweptButNotWhileAServerOrMasterHoldsIt() throws IOException {
        Path dead = Files.createDirectories(tmp.resolve(RunDirectories.DATA_PREFIX + "dead/node-0"));
        Path serving = Files.createDirectories(tmp.resolve(RunDirectories.DATA_PREFIX + "serving/node-1"));
        Path fresh = Files.createDirectories(tmp.resolve(RunDirectories.DATA_PREFIX + "fresh"));
        Path someoneElses = Files.createDirectories(tmp.resolve(RunDirectories.DATA_PREFIX + "no-lock"));
        for (Path node : new Path[] {dead, serving}) {
            Files.writeString(node.resolve("LOCK"), "");
            Files.writeString(node.resolve("wal-0.log"), "data");
            Path lock = Files.writeString(node.getParent().resolve(RunDirectories.LOCK), "");
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        Files.writeString(fresh.resolve(RunDirectories.LOCK), "");
        try (FileChannel server = FileChannel.open(serving.resolve("LOCK"), StandardOpenOption.WRITE)) {
            server.lock();
            RunDirectories.sweepDataDirs(tmp);
        }
        assertThat(dead.getParent()).doesNotExist();
        assertThat(serving).as("a server of it still runs").isDirectory();
        assertThat(fresh).as("its master may be about to lock it").isDirectory();
        assertThat(someoneElses).as("not made by a master").isDirectory();

        Path mine = RunDirectories.newDataDir(tmp);
        Files.setLastModifiedTime(mine.resolve(RunDirectories.LOCK), FileTime.from(Instant.now().minusSeconds(3600)));
        RunDirectories.sweepDataDirs(tmp);
        assertThat(mine).as("held by this master").isDirectory();
    }

    @Test
    void aDataTreeIsDeletedWhole() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data/node-0/snapshots"));
        Files.writeString(data.resolve("snap-1"), "s");
        Files.writeString(data.getParent().resolve("wal-0.log"), "w");
        assertThat(RunDirectories.deleteTree(tmp.resolve("data"))).isEmpty();
        assertThat(tmp.resolve("data")).doesNotExist();
        assertThat(RunDirectories.deleteTree(tmp.resolve("data"))).as("already gone").isEmpty();
        assertThat(RunDirectories.deleteTree(null)).isEmpty();
    }
}
