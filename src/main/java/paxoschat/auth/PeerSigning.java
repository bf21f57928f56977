package paxoschat.auth;

import okhttp3.OkHttpClient;

/**
 * How a server's HTTP client signs what it sends to its peers (Paxos batches, heartbeats):
 * as this node, with the cluster secret; nothing when authentication is off.
 */
public final class PeerSigning {

    /** Null when authentication is off. */
    private final SigningInterceptor interceptor;

    PeerSigning(SigningInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    /** {@code builder}, signing its tagged requests ({@link SignedFor}) if authentication is on. */
    public OkHttpClient.Builder apply(OkHttpClient.Builder builder) {
        return interceptor == null ? builder : builder.addInterceptor(interceptor);
    }
}
