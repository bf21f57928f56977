package paxoschat.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of one HTTP request: HMAC-SHA256, with a secret of the cluster, over what
 * the request is: who signs ({@link #SIGNER}: a node id, or {@link #ADMIN}), which node it
 * is for ({@link #TO}), an admin call's nonce ({@link #NONCE}), the method, the path with its
 * query, the body's length (its Content-Length) and its SHA-256 ({@link #CONTENT_DIGEST}, RFC
 * 9530's field). The body's digest travels in a header and is signed with the rest, so the
 * receiver knows who sent a request before it reads a byte of its body, and checks the body
 * against the digest once read, before anything parses it. The signed length keeps
 * whoever recorded a signed request from sending its headers with a far bigger body, which
 * the receiver would read before it could find the digest wrong.
 *
 * <p>No time is signed: a receiver would have to compare the sender's clock with its own,
 * and safety never rests on clocks agreeing (SPEC §3). A signed Paxos batch may therefore
 * be replayed by whoever recorded it; it is then a duplicate, which the protocol tolerates
 * (see PaxosInbox). Admin calls are not replayable: each carries a nonce the server issued
 * and takes back on use ({@link AdminNonces}).
 *
 * <p>Every signed field is one line (no line breaks can occur in it: header values, a
 * method and a request target cannot hold them) and their number is fixed, so no two
 * requests sign the same string. Verification compares in constant time.
 */
public final class RequestSignature {

    public static final String SIGNER = "X-Paxos-Signer";
    public static final String TO = "X-Paxos-To";
    public static final String NONCE = "X-Paxos-Nonce";
    public static final String SIGNATURE = "X-Paxos-Signature";
    public static final String CONTENT_DIGEST = "Content-Digest";
    /** The signer of admin calls, which sign with the admin secret. */
    public static final String ADMIN = "admin";
    /** The nonce of a request that needs none. */
    public static final String NO_NONCE = "-";
    /** Where an admin client gets a nonce (a signed GET; the answer is the nonce as text). */
    public static final String NONCE_PATH = "/admin/nonce";
    /** The authentication scheme named in a 401's WWW-Authenticate. */
    public static final String SCHEME = "Paxos-HMAC-SHA256";
    private static final String VERSION = "paxos-chat-request-1";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public RequestSignature(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** The {@link #SIGNATURE} header's value. */
    public String sign(String signer, int to, String nonce, String method, String target, String contentDigest,
                       long length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac(signer, to, nonce, method, target, contentDigest, length));
    }

    /** Whether {@code signature} is this secret's for the request, compared in constant time. */
    public boolean verify(String signature, String signer, int to, String nonce, String method, String target,
                          String contentDigest, long length) {
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(signer, to, nonce, method, target, contentDigest, length));
    }

    private byte[] mac(String signer, int to, String nonce, String method, String target, String contentDigest, long length) {
        String signed = VERSION + '\n' + signer + '\n' + to + '\n' + nonce + '\n' + method + '\n' + target + '\n'
                + contentDigest + '\n' + length;
        return macs.get().doFinal(signed.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@link #CONTENT_DIGEST} of {@code body}: {@code sha-256=:BASE64:}. */
    public static String contentDigest(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /** Whether {@code header} is the content digest of {@code body}, compared in constant time. */
    public static boolean digestMatches(String header, byte[] body) {
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII),
                contentDigest(body).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code header} has the form of a SHA-256 content digest. */
    static boolean isDigest(String header) {
        if (header == null || header.length() < 11 || !header.startsWith("sha-256=:") || !header.endsWith(":")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(header.substring(9, header.length() - 1)).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One digest per thread, as for the MACs: a provider lookup per message costs more than the hash of a small body. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private static byte[] sha256(byte[] bytes) {
        return SHA256.get().digest(bytes);
    }
}
