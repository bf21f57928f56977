package paxoschat.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The chat's writers when chat is not open to all (paxos.auth.writers-file): one line per
 * writer, {@code NAME SHA256}, the name a writer posts as and the SHA-256 (hex) of its
 * bearer token; blank lines and lines starting with # are skipped. The server keeps only
 * the tokens' hashes, so the file gives no one a token. Tokens are random secrets (e.g.
 * {@code openssl rand -base64 32}), so one SHA-256 is as good as a slow password hash
 * here, and a lookup by hash gives away nothing about a token it did not find.
 */
final class ChatWriters {

    private static final int MAX_NAME = 64;
    private final Map<String, String> byHash;

    private ChatWriters(Map<String, String> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    static ChatWriters read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("paxos.auth.writers-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> byHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = "paxos.auth.writers-file " + file + " line " + (i + 1);
            if (fields.length != 2 || !fields[1].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(where + ": expected 'NAME SHA256-OF-TOKEN-IN-HEX'");
            }
            String name = fields[0];
            if (name.codePointCount(0, name.length()) > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(where + ": a name is 1 to " + MAX_NAME + " characters, no control characters");
            }
            if (byHash.put(fields[1].toLowerCase(java.util.Locale.ROOT), name) != null) {
                throw new IllegalArgumentException(where + ": the same token hash twice");
            }
        }
        if (byHash.isEmpty()) {
            throw new IllegalArgumentException("paxos.auth.writers-file " + file + " names no writer");
        }
        return new ChatWriters(byHash);
    }

    /** The writer whose token this is, or null. */
    String writer(String token) {
        return byHash.get(hash(token));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
