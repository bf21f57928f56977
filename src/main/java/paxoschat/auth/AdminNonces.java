package paxoschat.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * The nonces this server issued for admin calls ({@code GET /admin/nonce}) and not yet
 * seen back. An admin call must carry one, which it uses up, so a recorded call never
 * works twice (a time bomb once sent cannot be sent again by whoever saw it), and a new
 * server process knows none of its predecessor's: no clock is read. Nonces are random
 * (128 bits), and at most {@link #MAX_OUTSTANDING} wait: a client that asks for more than
 * it uses pushes out its own oldest, never anyone's memory; only admin callers may ask.
 */
final class AdminNonces {

    static final int MAX_OUTSTANDING = 256;

    private final SecureRandom random = new SecureRandom();
    private final LinkedHashSet<String> outstanding = new LinkedHashSet<>();

    synchronized String issue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        outstanding.add(nonce);
        if (outstanding.size() > MAX_OUTSTANDING) {
            Iterator<String> oldest = outstanding.iterator();
            oldest.next();
            oldest.remove();
        }
        return nonce;
    }

    /** Takes {@code nonce} back: true once for each nonce issued, false for any other. */
    synchronized boolean use(String nonce) {
        return outstanding.remove(nonce);
    }
}
