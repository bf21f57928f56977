package paxoschat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * A server without a cluster secret: with peers it does not start, and says how to give it
 * one; a cluster of one, with no peer to share a secret with, starts and signs for nobody.
 */
class AuthStartTest {

    private static String[] args(int port, String peers) {
        // An empty setting wins over the test JVM's key files (TestSecrets): no secret at all.
        return new String[] {"--server.port=" + port, "--server.address=127.0.0.1", "--paxos.node-id=0",
                "--paxos.peers=" + peers, "--paxos.storage=memory", "--paxos.auth.cluster-key-file=",
                "--paxos.auth.admin-key-file="};
    }

    @Test
    void aServerWithPeersAndNoClusterSecretDoesNotStart() {
        int port = Http.freePort();
        assertThat(System.getenv("PAXOS_CLUSTER_KEY")).as("this test needs PAXOS_CLUSTER_KEY unset").isNull();
        assertThatThrownBy(() -> ServerApplication.run(args(port, "http://127.0.0.1:" + port + ",http://127.0.0.1:1")).close())
                .rootCause().hasMessageContaining("no cluster secret").hasMessageContaining("paxos.auth.cluster-key-file");
    }

    @Test
    void aClusterOfOneStartsWithoutSecretsAndRefusesAdminCalls() {
        int port = Http.freePort();
        assertThat(System.getenv("PAXOS_ADMIN_KEY")).as("this test needs PAXOS_ADMIN_KEY unset").isNull();
        try (ConfigurableApplicationContext server = ServerApplication.run(args(port, "http://127.0.0.1:" + port))) {
            Http http = new Http(port);
            assertThat(http.postJson("/admin/timebomb", "{\"messages\":0}").statusCode()).isEqualTo(401);
            assertThat(http.postJson("/paxos/messages", "[]").statusCode()).isEqualTo(401);
            // Even the test cluster's admin: this server has no admin secret to check it with.
            assertThatThrownBy(() -> http.asAdmin(0, "POST", "/admin/timebomb", "{\"messages\":0}"))
                    .hasMessageContaining("/admin/nonce answered 403");
            assertThat(http.get("/actuator/health/paxos").statusCode()).isEqualTo(200);
            assertThat(server.isActive()).isTrue();
        }
    }
}
