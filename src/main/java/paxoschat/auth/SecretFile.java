package paxoschat.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets of a cluster: read from a file or an environment variable, made fresh by the
 * master. Never from a setting: a setting can be given on a command line, which every user
 * of the machine sees in {@code ps}, or end up in a repository with application.yml. A
 * secret is the file's text without surrounding white space, at least {@link #MIN_LENGTH}
 * printable ASCII characters (e.g. {@code openssl rand -base64 32}), used as the HMAC key's
 * bytes; a file that others than its owner may read is refused, as ssh refuses such keys.
 */
public final class SecretFile {

    /** 32 bytes of base64 are 44 characters; 32 is the least that keeps 256 bits' worth of a hex key. */
    public static final int MIN_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFile() {
    }

    /** A fresh random secret: 32 random bytes as base64 (44 characters). */
    public static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Writes {@code secret} to a new file readable by its owner only: created with mode
     * 0600, so the secret is never in a file others could read, not even for a moment.
     */
    public static void write(Path file, String secret) throws IOException {
        byte[] bytes = (check(secret, file.toString()) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } catch (FileAlreadyExistsException e) {
                throw new IOException(file + " exists already: a secret file is written once", e);
            }
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
        }
    }

    /**
     * The secret in {@code file}, named {@code setting} in error messages.
     *
     * @throws IllegalArgumentException with a message that says what to do
     */
    public static byte[] read(Path file, String setting) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new IllegalArgumentException(setting + ": " + file + " may be read by others than its owner ("
                            + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return check(text.strip(), setting + " (" + file + ")").getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The secret in environment variable {@code name}, or null if it is unset or empty. */
    public static byte[] fromEnvironment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return check(value.strip(), "environment variable " + name).getBytes(StandardCharsets.US_ASCII);
    }

    private static String check(String secret, String where) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(where + ": a secret needs at least " + MIN_LENGTH
                    + " characters (e.g. openssl rand -base64 32), this one has " + secret.length());
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(where + ": a secret is printable ASCII without spaces");
            }
        }
        return secret;
    }
}
