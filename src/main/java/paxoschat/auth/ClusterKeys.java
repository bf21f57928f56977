package paxoschat.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The secrets of one cluster that a master (or the warm start's template) starts: a fresh
 * random cluster secret and admin secret, each in a file readable by its owner only, in a directory of
 * its own (mode 0700). Servers get the files' paths as arguments, never the secrets: a
 * command line is there for every user of the machine to read in {@code ps}, and the
 * environment of a process restored from the warm image is the image's, not the master's.
 * The master keeps the admin secret to sign its own admin calls (the time bomb).
 */
public final class ClusterKeys implements AutoCloseable {

    private final Path directory;
    private final Path clusterKeyFile;
    private final Path adminKeyFile;
    private final byte[] adminSecret;

    private ClusterKeys(Path directory) throws IOException {
        this.directory = directory;
        this.clusterKeyFile = directory.resolve("cluster.key");
        this.adminKeyFile = directory.resolve("admin.key");
        SecretFile.write(clusterKeyFile, SecretFile.fresh());
        SecretFile.write(adminKeyFile, SecretFile.fresh());
        this.adminSecret = SecretFile.read(adminKeyFile, "admin key");
    }

    /** Fresh secrets in a new private directory under the system's temporary directory. */
    public static ClusterKeys fresh() throws IOException {
        Path directory = Files.createTempDirectory("paxos-chat-keys-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            return new ClusterKeys(directory);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    /** The server arguments that name the secrets' files. */
    public List<String> serverArguments() {
        return List.of("--paxos.auth.cluster-key-file=" + clusterKeyFile.toAbsolutePath(),
                "--paxos.auth.admin-key-file=" + adminKeyFile.toAbsolutePath());
    }

    /** Signs an OkHttp client's requests tagged {@link SignedFor} as the admin. */
    public SigningInterceptor adminSigner() {
        return new SigningInterceptor(adminSecret, RequestSignature.ADMIN);
    }

    /** Deletes the files: servers read them when they start, so only once none will start again. */
    @Override
    public void close() {
        deleteQuietly(directory);
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Gone already, or the temporary directory's cleaner will find it.
        }
    }
}
