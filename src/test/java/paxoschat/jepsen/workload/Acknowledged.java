package paxoschat.jepsen.workload;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The acknowledged write with the highest seq so far, which writers report as their 201s
 * arrive: whatever a reader finds here when its read begins was acknowledged before it.
 */
public final class Acknowledged {

    /** A write that got its 201 at {@code seq}. */
    public record Ack(String clientId, long requestId, long seq) {
    }

    private final AtomicReference<Ack> highest = new AtomicReference<>();

    public void add(String clientId, long requestId, long seq) {
        Ack ack = new Ack(clientId, requestId, seq);
        highest.accumulateAndGet(ack, (a, b) -> a == null || b.seq() > a.seq() ? b : a);
    }

    /** The acknowledged write with the highest seq, or null before any. */
    public Ack highest() {
        return highest.get();
    }
}
