package paxoschat.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.paxos.ChatEntry;

/**
 * One open {@code GET /chatlog/stream}: the log's entries from a position on, as
 * Server-Sent Events whose id is the entry's seq, then each new entry as it is appended.
 *
 * <p>Never blocks a thread on the client: it writes through the servlet's non-blocking
 * output ({@link WriteListener}) and only while the container says the connection takes
 * more, so a client that stops reading holds its buffered chunk and its connection, not a
 * thread (a blocking write would hold a sender thread for as long as the client stalls, and
 * two such clients would stall every stream). The work runs in {@link #pump()}, one caller
 * at a time: on the stream pool when an entry is appended or a heartbeat is due, on a
 * container thread when the connection drains. The node thread, which completes the log's
 * append signal, only hands a task to the pool ({@link #kick()}).
 */
final class StreamConnection implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
    /** Entries read from the store at a time. */
    private static final int READ_STEP = 32;
    /** A chunk grows to about this many bytes (and one entry) before it is written. */
    private static final int CHUNK_BYTES = 32 * 1024;
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ChatLogStore store;
    private final JsonMapper json;
    private final Executor pool;
    private final Consumer<StreamConnection> onClose;
    /** A pump task is queued on the pool and has not started yet. */
    private final AtomicBoolean kicked = new AtomicBoolean();

    // Guarded by this.
    /** What the stream says first (the reconnection delay); null once written. */
    private byte[] prelude;
    /** The seq of the next entry to send. */
    private long next;
    private boolean heartbeatDue;
    private boolean flushDue;
    private boolean closed;
    /** Completes when the store has entry {@link #next}; null or done when not armed. */
    private CompletableFuture<Void> waiting;

    StreamConnection(AsyncContext async, ChatLogStore store, JsonMapper json, Executor pool, long from,
                     byte[] prelude, Consumer<StreamConnection> onClose) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.store = store;
        this.json = json;
        this.pool = pool;
        this.next = from;
        this.prelude = prelude;
        this.onClose = onClose;
    }

    /** Starts writing: the container calls {@link #onWritePossible()} once the connection takes bytes. */
    void start() {
        async.addListener(this);
        out.setWriteListener(this);
    }

    /** Sends a comment unless an entry goes first: proves the connection alive, or finds it dead. */
    void heartbeat() {
        synchronized (this) {
            heartbeatDue = true;
        }
        kick();
    }

    /** Ends the stream (the client may reconnect); does nothing if it has ended. */
    void close() {
        CompletableFuture<Void> armed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            armed = waiting;
        }
        if (armed != null) {
            // The store stops re-arming its watch of a waiter that is done.
            armed.cancel(false);
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // completed already (the container's error or timeout)
        }
        onClose.accept(this);
    }

    /** Queues a pump on the pool, once however often it is asked: cheap enough for the node thread. */
    private void kick() {
        if (kicked.compareAndSet(false, true)) {
            try {
                pool.execute(() -> {
                    kicked.set(false);
                    pump();
                });
            } catch (RejectedExecutionException e) {
                // the server is stopping; its streams end with it
                kicked.set(false);
            }
        }
    }

    /** Writes what is due while the connection takes it; then waits for an entry, a heartbeat or a drain. */
    private synchronized void pump() {
        if (closed) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] chunk = nextChunk();
                if (chunk == null) {
                    if (flushDue) {
                        flushDue = false;
                        out.flush();
                        continue;
                    }
                    arm();
                    return;
                }
                out.write(chunk);
                flushDue = true;
            }
            // Not ready: the container calls onWritePossible once the client has read.
        } catch (IOException e) {
            close();
        } catch (RuntimeException e) {
            // The response was completed under us (client gone), or the log could not be read.
            log.debug("stream closed", e);
            close();
        }
    }

    /** The prelude, else the next entries as events, else a heartbeat if one is due, else null. */
    private byte[] nextChunk() {
        if (prelude != null) {
            byte[] first = prelude;
            prelude = null;
            return first;
        }
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        while (chunk.size() < CHUNK_BYTES) {
            ChatLogStore.Slice slice = store.read(next, READ_STEP);
            if (slice.entries().isEmpty()) {
                break;
            }
            for (ChatEntry e : slice.entries()) {
                chunk.writeBytes(event(e));
            }
            next = slice.next();
        }
        if (chunk.size() > 0) {
            heartbeatDue = false;
            return chunk.toByteArray();
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            return HEARTBEAT;
        }
        return null;
    }

    /** {@code id: SEQ} and the entry as /chatlog's JSON, which has no line break in it. */
    private byte[] event(ChatEntry e) {
        byte[] data = json.writeValueAsBytes(new ChatService.Entry(e.seq(), e.sender(), e.text(), e.clientId(),
                e.requestId()));
        ByteArrayOutputStream event = new ByteArrayOutputStream(data.length + 32);
        event.writeBytes(("id: " + e.seq() + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        event.writeBytes(data);
        event.writeBytes(new byte[] {'\n', '\n'});
        return event.toByteArray();
    }

    /**
     * Asks the store to kick this stream once it has entry {@link #next}, unless it is asked
     * already: a waiter that is not done waits for that very entry, since {@code next} only
     * moves past entries that exist.
     */
    private void arm() {
        if (waiting == null || waiting.isDone()) {
            CompletableFuture<Void> entry = store.awaitEntry(next);
            waiting = entry;
            entry.thenRun(this::kick);
        }
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // paxos.stream.max-duration is over: the browser reconnects with Last-Event-ID.
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
