package paxoschat.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.web.ProblemBodies;

/**
 * {@code GET /chatlog/stream}: the chat log followed live as Server-Sent Events, each event
 * one entry with its seq as the event id (its data is the entry as {@code GET /chatlog}
 * gives it). It starts at {@code Last-Event-ID + 1} when the client reconnects (the
 * browser's EventSource sends the header itself), else at the {@code from} parameter, else
 * at 0: a client that follows the ids never misses or repeats an entry, whichever server of
 * the cluster it reconnects to, since all logs are prefixes of one another.
 *
 * <p>A servlet of its own rather than a Spring MVC handler: a stream writes without ever
 * blocking a thread ({@link StreamConnection}), which MVC's emitters do not offer. Bounded:
 * at most paxos.stream.max-streams at once (503 with Retry-After beyond), a heartbeat
 * comment on every stream each heartbeat-interval (a write to a client that went away
 * fails and closes its stream), and each stream ends after max-duration (the browser
 * reconnects and resumes). Bad input is a 400 problem, as everywhere.
 */
@Component
public final class ChatStream extends HttpServlet {

    public static final String PATH = "/chatlog/stream";
    /** A seq as the stream writes it: digits only, no sign, and within a long. */
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    private final transient ChatLogStore store;
    private final transient JsonMapper json;
    private final transient StreamProperties properties;
    private final transient ScheduledExecutorService pool;
    private final transient Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final byte[] prelude;

    ChatStream(ChatLogStore store, JsonMapper json, StreamProperties properties) {
        this.store = store;
        this.json = json;
        this.properties = properties;
        this.pool = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "chat-stream");
            t.setDaemon(true);
            return t;
        });
        long heartbeat = properties.heartbeatInterval().toMillis();
        pool.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        this.prelude = ("retry: " + properties.retry().toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
        open.forEach(StreamConnection::close);
    }

    /** Streams open now. */
    public int openStreams() {
        return count.get();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET");
            problem(response, HttpStatus.METHOD_NOT_ALLOWED, "method " + request.getMethod()
                    + " is not supported here; use GET");
            return;
        }
        long from;
        try {
            from = resumeFrom(request.getHeader("Last-Event-ID"), request.getParameter("from"));
        } catch (IllegalArgumentException e) {
            problem(response, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (count.incrementAndGet() > properties.maxStreams()) {
            count.decrementAndGet();
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problem(response, HttpStatus.SERVICE_UNAVAILABLE, "too many streams are open on this server ("
                    + properties.maxStreams() + "); retry shortly, or follow another server");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        // Proxies that buffer answers (nginx) would hold the events back.
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(properties.maxDuration().toMillis());
        StreamConnection stream;
        try {
            stream = new StreamConnection(async, store, json, pool, from, prelude, this::closed);
        } catch (IOException | RuntimeException e) {
            count.decrementAndGet();
            async.complete();
            throw e;
        }
        open.add(stream);
        stream.start();
    }

    /**
     * Where a stream starts: after the last event the client saw if it says so (a
     * reconnection), else at {@code from}, else at 0.
     *
     * @throws IllegalArgumentException if the one that counts is not a seq
     */
    static long resumeFrom(String lastEventId, String from) {
        if (lastEventId != null && !lastEventId.isEmpty()) {
            if (!SEQ.matcher(lastEventId).matches()) {
                throw new IllegalArgumentException("header 'Last-Event-ID' must be the seq of an entry (an integer"
                        + " of at least 0)");
            }
            return Long.parseLong(lastEventId) + 1;
        }
        if (from != null) {
            if (!SEQ.matcher(from).matches()) {
                throw new IllegalArgumentException("parameter 'from' must be an integer of at least 0");
            }
            return Long.parseLong(from);
        }
        return 0;
    }

    private void closed(StreamConnection stream) {
        if (open.remove(stream)) {
            count.decrementAndGet();
        }
    }

    private void heartbeat() {
        open.forEach(StreamConnection::heartbeat);
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemBodies.write(response, ProblemDetail.forStatusAndDetail(status, detail), PATH);
    }
}
