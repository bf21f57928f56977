package paxoschat.master;

import java.time.Duration;

import okhttp3.OkHttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one OkHttpClient and the one JSON mapper of the master: sharing them shares the
 * connection pool and threads among all clients and the process control.
 */
public final class Http {

    /** Servers run on this machine, so connecting is instant or refused; waiting longer only hangs. */
    public static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofMillis(500))
            // POST /messages with respond-async answers within about 2 s by contract.
            .readTimeout(Duration.ofSeconds(6))
            .writeTimeout(Duration.ofSeconds(2))
            .callTimeout(Duration.ofSeconds(8))
            // Servers speak plain HTTP; without TLS OkHttp skips loading the trust store.
            .connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT))
            .build();

    /**
     * For health and readiness probes, which the master sends to all servers at once. Not
     * shorter: a cold JVM on a loaded machine can take seconds for its first answers, and a
     * probe given up and sent again only piles more work on a server that is already late.
     */
    public static final OkHttpClient PROBE = CLIENT.newBuilder()
            .readTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(10))
            .build();

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Http() {
    }
}
