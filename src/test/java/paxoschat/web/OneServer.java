package paxoschat.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * A one-server cluster over real HTTP, in memory mode, ready before each test: for tests
 * of the chat API, the internal endpoints' input checks and the fast paths. Each test class
 * gets a server of its own, closed after it: a cached context left idle would be stopped
 * by Spring's test context cache, and a node runner does not start again once stopped.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class OneServer {

    protected static final int PORT = Http.freePort();
    protected final Http http = new Http(PORT);

    @Autowired
    protected FastPathFilter fastPaths;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT);
        registry.add("paxos.storage", () -> "memory");
    }

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
    }

    /** The length of the server's chat log. */
    protected long length() {
        return Http.json(http.get("/chatlog?limit=1")).get("length").asLong();
    }

    protected FastAndMvc both() {
        return new FastAndMvc(PORT, fastPaths);
    }
}
