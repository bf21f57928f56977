package paxoschat.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.extension.Extension;

/**
 * The secrets of every test's cluster: one fresh pair per test JVM, in files readable by
 * their owner only, deleted when the JVM exits. Registered as a JUnit extension found on
 * the class path (src/test/resources/junit-platform.properties), it sets
 * {@code paxos.auth.cluster-key-file} and {@code paxos.auth.admin-key-file} as system
 * properties before any test runs, so every server a test starts in this JVM has them, as
 * servers started by the master have theirs; servers started as processes get
 * {@link #serverArguments()}.
 */
public final class TestSecrets implements Extension {

    private static final Path DIR;
    private static final Path CLUSTER;
    private static final Path ADMIN;

    static {
        try {
            DIR = Files.createTempDirectory("paxos-test-secrets-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            CLUSTER = DIR.resolve("cluster.key");
            ADMIN = DIR.resolve("admin.key");
            SecretFile.write(CLUSTER, SecretFile.fresh());
            SecretFile.write(ADMIN, SecretFile.fresh());
            DIR.toFile().deleteOnExit();
            CLUSTER.toFile().deleteOnExit();
            ADMIN.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("paxos.auth.cluster-key-file", CLUSTER.toString());
        System.setProperty("paxos.auth.admin-key-file", ADMIN.toString());
    }

    public static Path clusterKeyFile() {
        return CLUSTER;
    }

    public static Path adminKeyFile() {
        return ADMIN;
    }

    public static byte[] clusterSecret() {
        return SecretFile.read(CLUSTER, "test cluster key");
    }

    public static byte[] adminSecret() {
        return SecretFile.read(ADMIN, "test admin key");
    }

    /** The arguments that give a server process these secrets. */
    public static List<String> serverArguments() {
        return List.of("--paxos.auth.cluster-key-file=" + CLUSTER, "--paxos.auth.admin-key-file=" + ADMIN);
    }

    /** Signs an OkHttp client's tagged requests ({@link SignedFor}) as the admin. */
    public static SigningInterceptor admin() {
        return new SigningInterceptor(adminSecret(), RequestSignature.ADMIN);
    }

    /** Signs an OkHttp client's tagged requests as node {@code node}. */
    public static SigningInterceptor peer(int node) {
        return new SigningInterceptor(clusterSecret(), Integer.toString(node));
    }

    /**
     * Signs a java.net.http request: the headers a request with {@code body} to
     * {@code method target} (path and query) needs, signed with {@code secret} as
     * {@code signer} for node {@code to}.
     */
    public static HttpRequest.Builder sign(HttpRequest.Builder builder, byte[] secret, String signer, int to, String nonce,
                                           String method, String target, byte[] body) {
        String digest = RequestSignature.contentDigest(body);
        return builder.header(RequestSignature.SIGNER, signer)
                .header(RequestSignature.TO, Integer.toString(to))
                .header(RequestSignature.NONCE, nonce)
                .header(RequestSignature.CONTENT_DIGEST, digest)
                .header(RequestSignature.SIGNATURE, new RequestSignature(secret).sign(signer, to, nonce, method, target, digest,
                        body.length));
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
