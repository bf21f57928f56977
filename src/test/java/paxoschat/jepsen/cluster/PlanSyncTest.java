package paxoschat.jepsen.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault plan a server ends up with is the one the nemesis set last, even when the server
 * applies an older request after a newer one (what happened to server 0 in seed 424246: see
 * {@link PlanSync}).
 */
class PlanSyncTest {

    private static final String PARTITION =
            "{\"blockedPeers\":[1, 2],\"dropOutgoingTo\":[],\"dropIncomingFrom\":[],\"delayMillis\":127,\"duplicate\":false}";
    private static final PlanSync.Plan HEALED = PlanSync.Plan.parse("{}");

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer server;
    private PlanSync sync;
    private volatile String plan = "{}";
    private volatile String held;
    private final CountDownLatch otherApplied = new CountDownLatch(1);
    private final CountDownLatch heldApplied = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        if (server != null) {
            server.stop(0);
        }
        threads.shutdownNow();
    }

    /**
     * A server that holds the first plan it is sent until it has applied a different one,
     * then applies the held one: two requests on two connections, applied out of order.
     */
    private void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/admin/faults", exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                answer(exchange, 200, plan);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean holdThis;
            synchronized (this) {
                holdThis = held == null;
                if (holdThis) {
                    held = body;
                }
            }
            if (holdThis) {
                try {
                    otherApplied.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                plan = body;
                heldApplied.countDown();
            } else {
                plan = body;
                if (!body.equals(held)) {
                    otherApplied.countDown();
                }
            }
            answer(exchange, 200, body);
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void aHealAppliedBeforeAnOlderPartitionStillWins() throws Exception {
        startServer();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/admin/faults";
        sync = new PlanSync(1, s -> url, s -> true, Duration.ofMillis(100));

        // The partition's request is slow to be applied (say, the server was just resumed)...
        Thread partition = new Thread(() -> sync.set(0, PARTITION));
        partition.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> held != null);
        // ...and the heal comes after it, and is applied first.
        sync.set(0, "{}");
        partition.join(10_000);
        assertThat(heldApplied.await(10, TimeUnit.SECONDS)).as("the older request was applied last").isTrue();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(PlanSync.Plan.parse(plan)).as("the server's plan").isEqualTo(HEALED);
            assertThat(sync.settled()).isTrue();
        });
    }

    @Test
    void plansCompareBySetsNotSpelling() {
        assertThat(PlanSync.Plan.parse("{\"blockedPeers\":[2,1],\"delayMillis\":127}"))
                .isEqualTo(PlanSync.Plan.parse(PARTITION));
        assertThat(PlanSync.Plan.parse(PARTITION)).isNotEqualTo(HEALED);
    }
}
