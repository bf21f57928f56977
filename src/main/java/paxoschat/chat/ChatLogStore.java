package paxoschat.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import paxoschat.node.Overloaded;
import paxoschat.node.PerformedSink;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.Command;
import paxoschat.paxos.CommandRules;

/**
 * The chat log as request threads see it: the node's {@link ChatLog} up to the last entry
 * the node thread has appended here (an entry is in the log before it is appended here, and
 * shows once its performing is complete). Long polls wait on a future that each append
 * completes and replaces.
 *
 * <p>Readers are bounded (issue 18): a page holds at most {@code maxPageBytes} of text, read
 * from the log a block at a time; at most {@code maxLongPolls} long polls wait at once; and
 * an append only hands the wake-up of the long polls to a thread of their own, so the node
 * thread never runs their callbacks, however many wait.
 */
@Component
@EnableConfigurationProperties(ChatProperties.class)
public class ChatLogStore implements PerformedSink {

    /** Entries read from the log at a time while a page is filled (a block of the cold store). */
    private static final int READ_STEP = 64;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The node's log, attached when the node is made; empty until then. */
    private ChatLog log = ChatLog.inMemory();
    private long length;
    private CompletableFuture<Void> appended = new CompletableFuture<>();
    private final ChatProperties limits;
    private final AtomicInteger longPolls = new AtomicInteger();
    /** Completes the append signals, off the node thread. */
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chatlog-wakeups");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public ChatLogStore(ChatProperties limits) {
        this.limits = limits;
    }

    /** With the default limits (tests). */
    public ChatLogStore() {
        this(ChatProperties.defaults());
    }

    @PreDestroy
    void shutdown() {
        wakeups.shutdownNow();
    }

    /** Entries from {@code from}, at most {@code limit}; where to read next; the log's length then. */
    public record Slice(List<ChatEntry> entries, long next, long length) {
    }

    @Override
    public void attach(ChatLog nodeLog) {
        CompletableFuture<Void> signal;
        lock.writeLock().lock();
        try {
            if (length > 0) {
                throw new IllegalStateException("a chat log is attached once, before any entry is appended");
            }
            log = nodeLog;
            length = nodeLog.size();
            signal = appended;
            appended = new CompletableFuture<>();
        } finally {
            lock.writeLock().unlock();
        }
        signal.complete(null);
    }

    @Override
    public void append(List<ChatEntry> performed) {
        CompletableFuture<Void> signal;
        lock.writeLock().lock();
        try {
            long held = log.size();
            for (ChatEntry e : performed) {
                if (e.seq() != length || e.seq() >= held) {
                    throw new IllegalStateException("entry " + e.seq() + " appended at " + length + " of a log of "
                            + held);
                }
                length++;
            }
            signal = appended;
            appended = new CompletableFuture<>();
        } finally {
            lock.writeLock().unlock();
        }
        // Not here: this is the node thread, and the signal's dependents are every long poll.
        wakeups.execute(() -> signal.complete(null));
    }

    /**
     * Entries from {@code from}, at most {@code limit} of them and at most maxPageBytes of
     * text (but at least one); where to read next; the log's length then.
     */
    public Slice read(long from, int limit) {
        lock.readLock().lock();
        try {
            long start = Math.min(from, length);
            long end = Math.min(start + limit, length);
            List<ChatEntry> entries = new ArrayList<>((int) Math.min(end - start, READ_STEP));
            long bytes = 0;
            long budget = limits.maxPageBytes().toBytes();
            filling:
            for (long at = start; at < end; at += READ_STEP) {
                for (ChatEntry e : log.range(at, Math.min(end, at + READ_STEP))) {
                    long size = CommandRules.bytesOf(new Command(e.clientId(), e.requestId(), e.sender(), e.text()));
                    if (!entries.isEmpty() && bytes + size > budget) {
                        break filling;
                    }
                    bytes += size;
                    entries.add(e);
                }
            }
            long next = start + entries.size();
            // next never goes below from, so a client that polls from = next never re-reads.
            return new Slice(Collections.unmodifiableList(entries), Math.max(from, next), length);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long length() {
        lock.readLock().lock();
        try {
            return length;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Completes once the log has an entry at {@code seq} (at once if it has). */
    public CompletableFuture<Void> awaitEntry(long seq) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        watch(seq, result);
        return result;
    }

    /**
     * As {@link #awaitEntry}, for a long poll: it counts against maxLongPolls until it
     * completes or is given up (complete it, e.g. on its timeout). Beyond the cap it fails
     * at once with {@link Overloaded} (the caller answers 503).
     */
    public CompletableFuture<Void> longPoll(long seq) {
        if (longPolls.incrementAndGet() > limits.maxLongPolls()) {
            longPolls.decrementAndGet();
            return CompletableFuture.failedFuture(new Overloaded("too many long polls wait ("
                    + limits.maxLongPolls() + ")"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        result.whenComplete((v, e) -> longPolls.decrementAndGet());
        watch(seq, result);
        return result;
    }

    /** Long polls waiting now (tests, diagnostics). */
    public int longPolls() {
        return longPolls.get();
    }

    /** Re-arms on every append until the entry exists or the waiter gave up (timed out). */
    private void watch(long seq, CompletableFuture<Void> result) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<Void> signal;
        lock.readLock().lock();
        try {
            if (length > seq) {
                result.complete(null);
                return;
            }
            signal = appended;
        } finally {
            lock.readLock().unlock();
        }
        signal.thenRun(() -> watch(seq, result));
    }
}
