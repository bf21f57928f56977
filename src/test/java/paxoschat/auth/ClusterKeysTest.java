package paxoschat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;

import paxoschat.master.ServerLauncher;

/**
 * Each cluster's secrets are fresh, private (a 0700 directory of 0600 files), given to its
 * servers as file names only, never on a command line, and deleted with the cluster.
 */
class ClusterKeysTest {

    private static Path file(List<String> arguments, String setting) {
        return Path.of(arguments.stream().filter(a -> a.startsWith("--" + setting + "=")).findFirst().orElseThrow()
                .substring(setting.length() + 3));
    }

    @Test
    void freshPrivateFilesNamedToServersAndDeletedOnClose() throws IOException {
        List<String> arguments;
        byte[] cluster;
        try (ClusterKeys keys = ClusterKeys.fresh(); ClusterKeys other = ClusterKeys.fresh()) {
            arguments = new ServerLauncher("/j/java", List.of(), "a.jar", Path.of("logs")).withKeys(keys)
                    .command(0, 8000, "http://127.0.0.1:8000", false);
            Path clusterFile = file(arguments, "paxos.auth.cluster-key-file");
            Path adminFile = file(arguments, "paxos.auth.admin-key-file");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterFile.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile))).isEqualTo("rw-------");
            cluster = SecretFile.read(clusterFile, "cluster");
            byte[] admin = SecretFile.read(adminFile, "admin");
            assertThat(cluster).isNotEqualTo(admin);
            assertThat(SecretFile.read(file(other.serverArguments(), "paxos.auth.cluster-key-file"), "other"))
                    .isNotEqualTo(cluster);
            String secret = new String(cluster, java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(arguments).noneMatch(a -> a.contains(secret));
        }
        assertThat(file(arguments, "paxos.auth.cluster-key-file")).doesNotExist();
        assertThat(file(arguments, "paxos.auth.cluster-key-file").getParent()).doesNotExist();
    }
}
