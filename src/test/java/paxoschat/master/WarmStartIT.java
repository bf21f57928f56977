package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import paxoschat.master.ServerApi.LogEntry;
import paxoschat.warmstart.WarmImage;

/**
 * Servers restored from the warm start's image (paxoschat.warmstart) are servers of their
 * own: they form a cluster, a crashed one is restored again and recovers, nothing of one
 * incarnation leaks into the next, and killing them leaves nothing behind.
 */
class WarmStartIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path WARM = ROOT.resolve("target/app/warm");
    private static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    Path logs;

    @BeforeAll
    static void makeTheImage() throws Exception {
        // master-cli makes the image once per build where CRIU works; an empty script does only that.
        Process master = new ProcessBuilder("./master-cli").directory(ROOT.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(master.waitFor(10, TimeUnit.MINUTES)).as("master-cli built its caches").isTrue();
        } finally {
            master.destroyForcibly();
        }
        // Where CRIU cannot checkpoint the tests below are skipped; a template server that
        // did not even start is a bug of ours, not of the machine, and must not hide as a skip.
        Path template = ROOT.resolve("target/app/warm.failed/template.out");
        if (Files.exists(template)) {
            assertThat(Files.readString(template)).as("the warm template's server started (" + template + ")")
                    .doesNotContain("Application run failed");
        }
    }

    @Test
    void restoredServersAreServersOfTheirOwn() throws Exception {
        assumeTrue(Files.exists(WARM.resolve("criu")),
                "no warm image: CRIU cannot checkpoint on this machine (see target/app/warm.failed)");
        WarmImage image = WarmImage.read(WARM, List.of(Files.readString(WARM.resolve("criu")).strip()));
        // No class path: a cold start, the fallback, would fail and say so.
        ServerLauncher launcher = new ServerLauncher("java", List.of(), "/nonexistent", logs).withWarmImage(image);
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (Cluster cluster = new Cluster(launcher, Http.CLIENT, Http.PROBE, problems::add)) {
            cluster.start(3);
            pids.addAll(restoredPids(3));
            assertThat(pids).doesNotHaveDuplicates();

            for (int i = 0; i < 3; i++) {
                postAnonymously(cluster.baseUrl(1), "before-" + i);
            }
            cluster.crash(1);
            assertThat(ProcessHandle.of(pids.get(1)).filter(ProcessHandle::isAlive)).as("crashed").isEmpty();
            cluster.restart(1);
            long restarted = restoredPids(3).get(1);
            pids.add(restarted);
            for (int i = 0; i < 3; i++) {
                postAnonymously(cluster.baseUrl(1), "after-" + i);
            }

            List<String> texts = List.of("before-0", "before-1", "before-2", "after-0", "after-1", "after-2");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int s = 0; s < 3; s++) {
                    assertThat(cluster.api(s).chatlog(0, 100).entries()).extracting(LogEntry::text)
                            .as("server " + s).containsExactlyElementsOf(texts);
                }
            });
            // Each incarnation draws its own id for clients that bring none: the restored
            // JVMs start from one checkpoint, so an id from a generator seeded in it would
            // repeat, and the new incarnation's messages would be dropped as duplicates.
            // Requests without ids belong to clients "anon-NODE-INCARNATION-EPOCH@BIRTH".
            List<String> incarnations = cluster.api(0).chatlog(0, 100).entries().stream()
                    .map(e -> e.clientId().substring(0, e.clientId().lastIndexOf('-'))).toList();
            assertThat(incarnations.subList(0, 3)).containsOnly(incarnations.get(0));
            assertThat(incarnations.subList(3, 6)).containsOnly(incarnations.get(3));
            assertThat(incarnations.get(0)).isNotEqualTo(incarnations.get(3));

            assertThat(problems).as("no fallback to a cold start").isEmpty();
            assertThat(Files.readString(logs.resolve("server-1.log"))).as("both incarnations' output, appended")
                    .containsPattern("(?s)node 1 ready.*node 1 ready");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty()));
    }

    /**
     * In disk mode, the master's default, a restored server keeps its log in its own data
     * directory and a restarted one resumes from it: ready without any recovery.
     */
    @Test
    void restoredServersKeepTheirStateOnDisk(@TempDir Path data) throws Exception {
        assumeTrue(Files.exists(WARM.resolve("criu")),
                "no warm image: CRIU cannot checkpoint on this machine (see target/app/warm.failed)");
        WarmImage image = WarmImage.read(WARM, List.of(Files.readString(WARM.resolve("criu")).strip()));
        ServerLauncher launcher = new ServerLauncher("java", List.of(), "/nonexistent", logs).withWarmImage(image)
                .withDataRoot(data);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (Cluster cluster = new Cluster(launcher, Http.CLIENT, Http.PROBE, problems::add)) {
            cluster.start(3);
            postAnonymously(cluster.baseUrl(0), "before");
            cluster.crash(1);
            postAnonymously(cluster.baseUrl(0), "while-1-is-down");
            cluster.crash(2);
            assertThat(cluster.restart(1)).as("resumed from its log, without a recovery").isTrue();
            postAnonymously(cluster.baseUrl(1), "after");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.api(1).chatlog(0, 100)
                    .entries()).extracting(LogEntry::text).containsExactly("before", "while-1-is-down", "after"));
            assertThat(problems).as("no fallback to a cold start").isEmpty();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(data.resolve("node-" + i)).as("server " + i + "'s log").isDirectoryContaining("glob:**/wal-*.log");
        }
    }

    private List<Long> restoredPids(int n) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pids.add(Long.parseLong(Files.readString(logs.resolve("server-" + i + ".pid")).strip()));
        }
        return pids;
    }

    private static void postAnonymously(String baseUrl, String text) throws IOException {
        Request request = new Request.Builder().url(baseUrl + "/messages")
                .post(RequestBody.create("{\"sender\":\"anonymous\",\"text\":\"" + text + "\"}", JSON)).build();
        try (Response response = Http.CLIENT.newCall(request).execute()) {
            assertThat(response.code()).as("POST " + text).isEqualTo(201);
        }
    }
}
