package paxoschat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/** By default (paxos.faults.enabled=false) there is no fault filter and no /admin/faults. */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FaultsDisabledTest {

    private static final int PORT = Http.freePort();
    private final Http http = new Http(PORT);

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        // Memory mode: disk mode would leave data/ behind.
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT);
    }

    @Test
    void theEndpointIs404AndThereIsNoFilter() {
        assertThat(http.postJson("/admin/faults", "{\"blockedPeers\":[]}").statusCode()).isEqualTo(404);
        assertThat(http.get("/admin/faults").statusCode()).isEqualTo(404);
        assertThat(context.getBeanNamesForType(FaultInjector.class)).isEmpty();
    }
}
