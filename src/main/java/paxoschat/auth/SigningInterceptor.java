package paxoschat.auth;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Signs each request of an OkHttp client that is tagged {@link SignedFor} (see
 * {@link RequestSignature}), as {@code signer}: a node id for a server's requests to its
 * peers, {@link RequestSignature#ADMIN} for the master's. An admin client first gets a
 * nonce from the server ({@code GET /admin/nonce}, itself signed) for every admin call but
 * that one. It runs on the thread that executes the call, so a request body is encoded and
 * digested there (for the transport, an OkHttp thread, never the node thread).
 */
public final class SigningInterceptor implements Interceptor {

    private final RequestSignature signature;
    private final String signer;

    public SigningInterceptor(byte[] secret, String signer) {
        this.signature = new RequestSignature(secret);
        this.signer = signer;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        SignedFor to = request.tag(SignedFor.class);
        if (to == null) {
            return chain.proceed(request);
        }
        String nonce = RequestSignature.NO_NONCE;
        if (RequestSignature.ADMIN.equals(signer) && request.url().encodedPath().startsWith("/admin/")
                && !request.url().encodedPath().equals(RequestSignature.NONCE_PATH)) {
            nonce = nonce(chain, request, to.node());
        }
        return chain.proceed(sign(request, to.node(), nonce));
    }

    private String nonce(Chain chain, Request request, int to) throws IOException {
        Request ask = new Request.Builder().url(request.url().resolve(RequestSignature.NONCE_PATH)).get().build();
        try (Response answer = chain.proceed(sign(ask, to, RequestSignature.NO_NONCE))) {
            String nonce = answer.body().string().strip();
            if (answer.code() != 200 || nonce.isEmpty()) {
                throw new IOException("GET " + RequestSignature.NONCE_PATH + " answered " + answer.code() + ": " + nonce);
            }
            return nonce;
        }
    }

    private Request sign(Request request, int to, String nonce) throws IOException {
        byte[] body = bytes(request.body());
        String digest = RequestSignature.contentDigest(body);
        String target = request.url().encodedPath()
                + (request.url().encodedQuery() == null ? "" : "?" + request.url().encodedQuery());
        return request.newBuilder()
                .header(RequestSignature.SIGNER, signer)
                .header(RequestSignature.TO, Integer.toString(to))
                .header(RequestSignature.NONCE, nonce)
                .header(RequestSignature.CONTENT_DIGEST, digest)
                .header(RequestSignature.SIGNATURE, signature.sign(signer, to, nonce, request.method(), target, digest,
                        body.length))
                .build();
    }

    private static byte[] bytes(RequestBody body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return buffer.readByteArray();
    }
}
