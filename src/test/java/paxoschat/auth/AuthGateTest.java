package paxoschat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import paxoschat.faults.FaultInjector;
import paxoschat.faults.FaultPlan;
import paxoschat.server.Halt;
import paxoschat.server.Http;
import paxoschat.server.ServerApplication;
import paxoschat.web.FastPathFilter;

/**
 * Every internal and admin endpoint of node 0 of a three-server cluster (its peers never
 * start), over real HTTP, with the fast paths on and off: a request that is not signed, or
 * signed with the wrong secret, for another node, by a peer that does not send the
 * messages it carries, or replayed to /admin/, is refused with a problem and changes
 * nothing: no entry appears in the log, no fault plan is set, no time bomb goes off. The
 * same requests, properly signed, do take effect (so that the refusals are not refusals of
 * everything).
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthGateTest {

    private static final int PORT = Http.freePort();
    private static final String PAXOS = "/paxos/messages";
    private static final byte[] FORGED_SECRET = SecretFile.fresh().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Http http = new Http(PORT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Autowired
    FastPathFilter fastPaths;
    @Autowired
    FaultInjector faults;
    @MockitoBean
    Halt halt;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT + ",http://127.0.0.1:1,http://127.0.0.1:2");
        registry.add("paxos.faults.enabled", () -> true);
    }

    /** A decision for slot {@code slot} of one chat message, from node {@code from}. */
    private static String decision(int from, long slot, String text) {
        return "[{\"type\":\"decision\",\"from\":" + from + ",\"slot\":" + slot + ",\"value\":{\"commands\":[{\"clientId\":\"forger\","
                + "\"requestId\":" + (slot + 1) + ",\"sender\":\"mallory\",\"text\":\"" + text + "\"}]}}]";
    }

    private long length() {
        return Http.json(http.get("/chatlog?limit=1")).get("length").asLong();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder post(String path, String body) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** {@code method target} with {@code body}, signed with {@code secret} as {@code signer} for node {@code to}. */
    private HttpRequest signed(String path, String target, String body, byte[] secret, String signer, int to, String nonce) {
        return TestSecrets.sign(post(path, body), secret, signer, to, nonce, "POST", target, TestSecrets.utf8(body)).build();
    }

    private HttpRequest asPeer(int signer, String body) {
        return signed(PAXOS, PAXOS, body, TestSecrets.clusterSecret(), Integer.toString(signer), 0, RequestSignature.NO_NONCE);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * Sends {@code request} with the fast paths on, then off, and asserts that both times it
     * is refused with {@code status} and a problem body, and that nothing changed.
     */
    private void refused(HttpRequest request, int status) {
        long before = length();
        FaultPlan plan = faults.plan();
        for (boolean fast : new boolean[] {true, false}) {
            fastPaths.setEnabled(fast);
            try {
                HttpResponse<String> answer = send(request);
                String what = (fast ? "fast: " : "MVC: ") + request.method() + " " + request.uri() + " " + answer.body();
                assertThat(answer.statusCode()).as(what).isEqualTo(status);
                assertThat(answer.headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(Http.json(answer).get("status").asInt()).as(what).isEqualTo(status);
            } finally {
                fastPaths.setEnabled(true);
            }
        }
        assertThat(length()).isEqualTo(before);
        assertThat(faults.plan()).isEqualTo(plan);
        verify(halt, never()).halt(anyInt());
    }

    @Test
    void paxosMessagesNeedTheSignatureOfTheNodeThatSendsThem() {
        String forged = decision(1, 0, "forged");
        refused(post(PAXOS, forged).build(), 401);
        // The cluster's signature scheme with a secret that is not the cluster's.
        refused(signed(PAXOS, PAXOS, forged, FORGED_SECRET, "1", 0, RequestSignature.NO_NONCE), 401);
        // Signed by node 1 for node 2, sent to node 0.
        refused(signed(PAXOS, PAXOS, forged, TestSecrets.clusterSecret(), "1", 2, RequestSignature.NO_NONCE), 401);
        // A signer that is not a node of this cluster.
        refused(signed(PAXOS, PAXOS, forged, TestSecrets.clusterSecret(), "3", 0, RequestSignature.NO_NONCE), 401);
        // Signed by the admin: /paxos/ is for servers.
        refused(signed(PAXOS, PAXOS, forged, TestSecrets.adminSecret(), RequestSignature.ADMIN, 0, RequestSignature.NO_NONCE), 403);
        // Node 2 passing on node 1's message.
        refused(asPeer(2, forged), 400);
        // A signed body with another body sent.
        HttpRequest swapped = TestSecrets.sign(post(PAXOS, forged), TestSecrets.clusterSecret(), "1", 0,
                RequestSignature.NO_NONCE, "POST", PAXOS, TestSecrets.utf8(decision(1, 0, "other"))).build();
        refused(swapped, 401);
        // Signed for another path.
        refused(signed(PAXOS, "/paxos/other", forged, TestSecrets.clusterSecret(), "1", 0, RequestSignature.NO_NONCE), 401);

        // The same message, signed by the node that sends it, is believed.
        long before = length();
        assertThat(send(asPeer(1, decision(1, before, "signed"))).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> length() == before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/paxos/messages/", "/%70axos/messages", "/./paxos/messages", "/paxos/messages;x=1",
            "/paxos/../paxos/messages", "/PAXOS/messages", "/paxos", "/paxos/"})
    void noSpellingOfAnInternalPathSkipsTheGate(String path) {
        long before = length();
        HttpResponse<String> answer = send(post(path, decision(1, before, "spelt")).build());
        assertThat(answer.statusCode()).as(path + " " + answer.body()).isBetween(400, 499);
        assertThat(answer.statusCode()).as(path).isNotEqualTo(415);
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void ballotsAndSlotsBeyondTheBoundsAreRefusedEvenFromAPeer() {
        String huge = Long.toString(Long.MAX_VALUE);
        refused(asPeer(1, "[{\"type\":\"p1a\",\"from\":1,\"ballot\":{\"round\":" + huge + ",\"leader\":1},\"fromSlot\":0}]"), 400);
        refused(asPeer(1, "[{\"type\":\"p2b\",\"from\":1,\"ballot\":{\"round\":" + huge + ",\"leader\":1},\"slot\":0,"
                + "\"accepted\":true}]"), 400);
        refused(asPeer(1, "[{\"type\":\"p2a\",\"from\":1,\"ballot\":{\"round\":1,\"leader\":1},\"slot\":" + (1L << 62)
                + ",\"value\":{\"commands\":[]}}]"), 400);
        refused(asPeer(1, decision(1, 1L << 62, "far")), 400);
        refused(asPeer(1, decision(1, Long.MAX_VALUE, "farthest")), 400);
        // The highest round a peer may name is taken, and the next ballot after it does not overflow.
        assertThat(send(asPeer(1, "[{\"type\":\"p1a\",\"from\":1,\"ballot\":{\"round\":" + ((1L << 53) - 1)
                + ",\"leader\":1},\"fromSlot\":0}]")).statusCode()).isEqualTo(204);
    }

    @Test
    void adminCallsNeedTheAdminSecretAndAFreshNonce() {
        String bomb = "{\"messages\":0}";
        refused(post("/admin/timebomb", bomb).build(), 401);
        refused(signed("/admin/timebomb", "/admin/timebomb", bomb, TestSecrets.adminSecret(), RequestSignature.ADMIN, 0,
                RequestSignature.NO_NONCE), 401);
        refused(signed("/admin/timebomb", "/admin/timebomb", bomb, TestSecrets.adminSecret(), RequestSignature.ADMIN, 0,
                "made-up-nonce"), 401);
        // A peer is not the admin.
        refused(signed("/admin/timebomb", "/admin/timebomb", bomb, TestSecrets.clusterSecret(), "1", 0, nonce()), 403);
        refused(signed("/admin/timebomb", "/admin/timebomb", bomb, FORGED_SECRET, RequestSignature.ADMIN, 0, nonce()), 401);
        refused(post("/admin/faults", "{\"blockedPeers\":[1]}").build(), 401);
        refused(request("/admin/faults").GET().build(), 401);
        refused(request("/admin/nonce").GET().build(), 401);
        refused(request("/%61dmin/faults").GET().build(), 401);

        // A recorded admin call does not work twice.
        HttpRequest once = signed("/admin/faults", "/admin/faults", "{\"blockedPeers\":[2]}", TestSecrets.adminSecret(),
                RequestSignature.ADMIN, 0, nonce());
        assertThat(send(once).statusCode()).isEqualTo(200);
        assertThat(faults.dropsOutgoing(2)).isTrue();
        assertThat(send(signed("/admin/faults", "/admin/faults", "{}", TestSecrets.adminSecret(), RequestSignature.ADMIN, 0,
                nonce())).statusCode()).isEqualTo(200);
        refused(once, 401);
    }

    /** Last: the node is crashed afterwards (but for the halt, which the test mocks). */
    @Test
    @Order(Integer.MAX_VALUE)
    void theAdminsTimeBombGoesOff() {
        assertThat(http.asAdmin(0, "POST", "/admin/timebomb", "{\"messages\":0}").statusCode()).isEqualTo(204);
        verify(halt, timeout(10_000)).halt(anyInt());
    }

    private String nonce() {
        HttpResponse<String> answer = send(TestSecrets.sign(request(RequestSignature.NONCE_PATH).GET(), TestSecrets.adminSecret(),
                RequestSignature.ADMIN, 0, RequestSignature.NO_NONCE, "GET", RequestSignature.NONCE_PATH, new byte[0]).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().strip();
    }

    @Test
    void onlyOutstandingNoncesAreKeptAndEachWorksOnce() {
        AdminNonces nonces = new AdminNonces();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < AdminNonces.MAX_OUTSTANDING + 1; i++) {
            issued.add(nonces.issue());
        }
        assertThat(nonces.use(issued.get(0))).as("the oldest, pushed out").isFalse();
        assertThat(nonces.use(issued.get(1))).isTrue();
        assertThat(nonces.use(issued.get(1))).isFalse();
        assertThat(issued).doesNotHaveDuplicates();
    }
}
