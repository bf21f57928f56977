package paxoschat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from private files, are long and printable, and are fresh each time. */
class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenSecretIsReadableByItsOwnerOnlyAndReadsBack() throws IOException {
        Path file = dir.resolve("cluster.key");
        String secret = SecretFile.fresh();
        SecretFile.write(file, secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new String(SecretFile.read(file, "test"), StandardCharsets.US_ASCII)).isEqualTo(secret);
        assertThatThrownBy(() -> SecretFile.write(file, SecretFile.fresh())).isInstanceOf(IOException.class);
    }

    @Test
    void freshSecretsDiffer() {
        assertThat(SecretFile.fresh()).hasSize(44).isNotEqualTo(SecretFile.fresh());
    }

    @Test
    void aFileOthersMayReadIsRefused() throws IOException {
        Path file = dir.resolve("open.key");
        Files.writeString(file, SecretFile.fresh());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretFile.read(file, "paxos.auth.cluster-key-file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void shortMissingOrUnprintableSecretsAreRefused() throws IOException {
        for (String text : new String[] {"short", "a".repeat(31), "a".repeat(20) + " " + "b".repeat(20), "é".repeat(40)}) {
            Path file = dir.resolve("bad.key");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            assertThatThrownBy(() -> SecretFile.read(file, "paxos.auth.cluster-key-file")).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paxos.auth.cluster-key-file");
        }
        assertThatThrownBy(() -> SecretFile.read(dir.resolve("none.key"), "paxos.auth.cluster-key-file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    }
}
