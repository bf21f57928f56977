package paxoschat.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import paxoschat.jepsen.cluster.ServerProcesses;
import paxoschat.jepsen.workload.ChatApi;

/**
 * Found by JepsenIT (bench/jepsen-long with JEPSEN_BASE_SEED=1000, 50 schedules of 20 s:
 * seeds 1004, 1008, 1011, 1014, 1022, 1028, 1032, 1040 failed with "servers did not
 * converge ... server N: not ready"): a server restarted in memory mode did not finish
 * recovery once the cluster had a long log. Its health said recovering=true, decided=0:
 * recovery sends P1a from slot 0, so each acceptor's P1b holds every pvalue it accepted
 * (memory mode never compacts), i.e. the whole log, and on the old transport a big P1b did
 * not arrive within paxos.message-max-age (its age included decoding) or the 1 s call
 * timeout, and each resend made another. This test reproduced it deterministically (400
 * entries of 8,000 characters: 3 MB per P1b; not ready after 60 s, twice, also with
 * paxos.catch-up-chunk=50). Main's transport changes (age taken before decoding, lazily
 * encoded bodies of known length, bounded catch-up) make it pass (ready in about 4.5 s);
 * it stays as the regression test. The P1b of a recovery still grows with the log.
 */
class LargeCatchUpIT {

    private static final int ENTRIES = 400;
    private static final String TEXT = "x".repeat(8000);

    private static String health(String url) {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder().callTimeout(Duration.ofSeconds(3)).build();
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url + "/actuator/health/paxos").build())
                .execute()) {
            return r.body().string();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aRestartedServerCatchesUpALogOfLongMessages() {
        RunConfig config = RunConfig.fromSystemProperties(0, RunConfig.Storage.MEMORY);
        List<String> args = new ArrayList<>(List.of("--paxos.request-timeout=5s"));
        String chunk = System.getProperty("catchup.chunk");
        if (chunk != null) {
            args.add("--paxos.catch-up-chunk=" + chunk);
        }
        try (ServerProcesses servers = new ServerProcesses(3, config.outputDir().resolve("logs").resolve("large-catch-up"),
                "jepsen-large-catch-up", args, null)) {
            servers.start(Duration.ofSeconds(120));
            ChatApi api = new ChatApi(List.of(servers.url(0), servers.url(1), servers.url(2)), Duration.ofSeconds(8));
            for (int i = 1; i <= ENTRIES; i++) {
                ChatApi.PostResult result = api.post(0, "w", TEXT, "large", i);
                assertThat(result).as("message %d", i).isInstanceOf(ChatApi.Created.class);
            }
            servers.crash(2);
            servers.restart(2);
            long restarted = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> servers.ready(2));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("restarted server 2 not ready after 60 s; its health: " + health(servers.url(2)), e);
            }
            System.out.printf("large-catch-up: ready %d ms after restart%n", (System.nanoTime() - restarted) / 1_000_000);
            var log = api.fullLog(2);
            assertThat(log).hasSize(ENTRIES);
        }
    }

}
