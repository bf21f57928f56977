package paxoschat.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.RequestKey;
import paxoschat.paxos.Step;

/**
 * The clients waiting for their command to be performed (the futures of POST /messages),
 * and the bound on how many may wait, so that overload costs a fast 503 instead of
 * unbounded memory.
 */
final class ClientWaiters {

    /** A waiting client's future and the entry it is answered with. */
    record Answer(CompletableFuture<ChatEntry> future, ChatEntry entry) {
        void complete() {
            future.complete(entry);
        }
    }

    private final int maxPending;
    /** Submitted commands whose future is not complete yet: bounded by maxPending. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Node thread only. */
    private final Map<RequestKey, List<CompletableFuture<ChatEntry>>> waiters = new HashMap<>();

    ClientWaiters(int maxPending) {
        this.maxPending = maxPending;
    }

    /**
     * A future for one more request, or, when maxPending requests wait already, one failed
     * with {@link Overloaded}. Any thread.
     */
    CompletableFuture<ChatEntry> admit() {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(new Overloaded("too many requests wait for a decision"));
        }
        CompletableFuture<ChatEntry> result = new CompletableFuture<>();
        result.whenComplete((entry, error) -> pending.decrementAndGet());
        return result;
    }

    /** Requests admitted and not answered yet; any thread. */
    int pending() {
        return pending.get();
    }

    /** {@code future} waits for the request {@code key} to be performed. Node thread. */
    void await(RequestKey key, CompletableFuture<ChatEntry> future) {
        waiters.computeIfAbsent(key, k -> new ArrayList<>(1)).add(future);
    }

    /**
     * A future that was cancelled or timed out: forgotten. Returns true if nobody waits for
     * {@code key} any more (the replica may then stop resending it). Node thread.
     */
    boolean forget(RequestKey key, CompletableFuture<ChatEntry> future) {
        List<CompletableFuture<ChatEntry>> waiting = waiters.get(key);
        if (waiting != null && waiting.remove(future) && waiting.isEmpty()) {
            waiters.remove(key);
        }
        return !waiters.containsKey(key);
    }

    /** Fails the futures waiting for requests that were decided but refused. Node thread. */
    void refuse(List<Step.Refused> refused) {
        for (Step.Refused r : refused) {
            List<CompletableFuture<ChatEntry>> waiting = waiters.remove(r.key());
            if (waiting != null) {
                waiting.forEach(f -> f.completeExceptionally(new Refused(r.reason())));
            }
        }
    }

    /** The answers {@code performed} gives, no longer waiting; the caller completes them. Node thread. */
    List<Answer> answers(List<ChatEntry> performed) {
        List<Answer> answers = new ArrayList<>();
        for (ChatEntry entry : performed) {
            List<CompletableFuture<ChatEntry>> waiting = waiters.remove(entry.key());
            if (waiting != null) {
                for (CompletableFuture<ChatEntry> f : waiting) {
                    answers.add(new Answer(f, entry));
                }
            }
        }
        return answers;
    }
}
