package paxoschat.chat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

import paxoschat.health.HeartbeatMonitor;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.RequestKey;
import paxoschat.node.NodeRunner;
import paxoschat.node.Overloaded;
import paxoschat.node.Refused;
import paxoschat.node.NodeView;
import paxoschat.server.PaxosProperties;
import paxoschat.web.BadRequestException;
import paxoschat.web.Problems;

/**
 * The chat API (SPEC §3) whichever way a request came in: {@link ChatController} (Spring
 * MVC) and {@link FastChatPost} call the same methods and send what they return. Input is
 * checked before anything changes ({@link BadRequestException}). Requests never hold a
 * thread while they wait: a POST waits on the future of its command and a long poll on the
 * log's append signal, and both answers complete on a small response pool (never on the
 * node thread).
 */
@Service
class ChatService {

    /** How long a {@code Prefer: respond-async} POST waits for its decision before 202. */
    static final Duration ASYNC_WAIT = Duration.ofSeconds(2);
    static final int MAX_LIMIT = 10_000;
    static final int MAX_WAIT_SECONDS = 30;
    /** Beyond an answer's own timer, before the request's safety net answers instead. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final NodeRunner runner;
    private final ChatLogStore store;
    private final HeartbeatMonitor heartbeats;
    private final ReadBarrier barrier;
    private final PaxosProperties properties;
    private final ExecutorService responses;
    /** The ids of requests that bring none. */
    private final AnonymousClients anonymous;

    ChatService(NodeRunner runner, ChatLogStore store, HeartbeatMonitor heartbeats, ReadBarrier barrier,
                PaxosProperties properties) {
        this.runner = runner;
        this.store = store;
        this.heartbeats = heartbeats;
        this.barrier = barrier;
        this.properties = properties;
        this.responses = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "chat-responses");
            t.setDaemon(true);
            return t;
        });
        // From the operating system, not ThreadLocalRandom: a server restored from the warm
        // start's checkpoint (paxoschat.warmstart) carries the checkpoint's generator state,
        // so every restored server would draw the same bytes, and a restarted server would
        // reuse its predecessor's id and see its new requests deduplicated as old ones.
        byte[] boot = new byte[6];
        new SecureRandom().nextBytes(boot);
        this.anonymous = new AnonymousClients("anon-" + properties.nodeId() + "-" + HexFormat.of().formatHex(boot));
    }

    @PreDestroy
    void shutdown() {
        responses.shutdownNow();
    }

    // ---- POST /messages --------------------------------------------------------------

    record Created(long seq, String sender, String text, String clientId, long requestId) {
    }

    record Pending(String clientId, long requestId, String status) {
    }

    /** The command was not decided in time (or no majority is in sight). */
    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }

    /**
     * Checks and submits a POST /messages body; the answer is 201 once the message is in
     * the log, 202 if {@code Prefer: respond-async} and it is not decided within
     * {@link #ASYNC_WAIT}, else 503 with Retry-After. The future never completes
     * exceptionally, nor on the node thread.
     *
     * @param writer the writer the request authenticated as (paxoschat.auth), who may post
     *               only as itself; null while chat is open to all
     * @throws BadRequestException if the body is not a valid message; nothing was submitted
     */
    CompletableFuture<ResponseEntity<Object>> post(byte[] body, String prefer, String writer) {
        ChatRequest request = ChatRequest.parse(body);
        if (writer != null && !writer.equals(request.sender())) {
            return CompletableFuture.completedFuture(Problems.of(HttpStatus.FORBIDDEN,
                    "your token is writer '" + writer + "''s: post as sender '" + writer + "'"));
        }
        boolean async = prefersAsync(prefer);
        NodeView view = runner.view();
        if (!view.ready()) {
            return CompletableFuture.completedFuture(Problems.unavailable(view.recovering()
                    ? "this server is recovering; retry shortly" : "this server is catching up; retry shortly", 1));
        }
        // Born at this server's log length, which the log has reached wherever the request
        // is performed (paxos/PerformedRequests).
        RequestKey anon = request.clientId() != null ? null : anonymous.next(store.length());
        String clientId = anon == null ? request.clientId() : anon.clientId();
        long requestId = anon == null ? request.requestId() : anon.requestId();
        Duration wait = async ? ASYNC_WAIT : properties.requestTimeout();

        CompletableFuture<ChatEntry> performed = runner.submit(
                new Command(clientId, requestId, request.sender(), request.text()));
        CompletableFuture<ResponseEntity<Object>> answer = performed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((entry, error) -> {
                    if (entry != null) {
                        return created(entry);
                    } else if (async && (error instanceof TimeoutException || error instanceof NotYet)) {
                        return ResponseEntity.status(HttpStatus.ACCEPTED)
                                .header("Preference-Applied", "respond-async")
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(new Pending(clientId, requestId, "pending"));
                    } else if (error instanceof TimeoutException) {
                        return notDecidedWithin(wait);
                    } else if (error instanceof Overloaded) {
                        return Problems.unavailable("this server is overloaded (" + error.getMessage()
                                + "); retry shortly", 1);
                    } else if (error instanceof Refused) {
                        // Refused by the exactly-once state: the same request again cannot help.
                        return Problems.of(HttpStatus.CONFLICT, error.getMessage());
                    } else {
                        return Problems.unavailable("the server could not take the request", 1);
                    }
                }, responses);
        if (async && !performed.isDone() && !heartbeats.seesMajority()) {
            // Without a majority nothing will be decided soon; answer once the node has the
            // command (so a retry of a performed request still gets its 201).
            runner.barrier().thenRun(() -> performed.completeExceptionally(new NotYet()));
        }
        return answer;
    }

    /** The longest a POST's answer can take; its request gives up after this. */
    Duration postDeadline() {
        return properties.requestTimeout().plus(ASYNC_WAIT).plus(GRACE);
    }

    /** What a POST gets if its answer misses {@link #postDeadline()} (which it never should). */
    ResponseEntity<Object> timedOut() {
        return notDecidedWithin(properties.requestTimeout());
    }

    private static ResponseEntity<Object> notDecidedWithin(Duration wait) {
        return Problems.unavailable("not decided within " + wait.toMillis()
                + " ms (no quorum?); retry with the same clientId and requestId", 1);
    }

    /**
     * Every POST answer names its content type, so MVC does not negotiate it: a message
     * is never refused with 406 after it was written to the log.
     */
    private static ResponseEntity<Object> created(ChatEntry e) {
        return ResponseEntity.created(URI.create("/chatlog?from=" + e.seq() + "&limit=1"))
                .contentType(MediaType.APPLICATION_JSON).body(new Created(e.seq(), e.sender(), e.text(), e.clientId(), e.requestId()));
    }

    /** RFC 7240: Prefer may list several preferences, each maybe with parameters. */
    static boolean prefersAsync(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split("[;=]", 2)[0].trim();
            if (token.equalsIgnoreCase("respond-async")) {
                return true;
            }
        }
        return false;
    }

    // ---- GET /chatlog ----------------------------------------------------------------

    record Entry(long seq, String sender, String text, String clientId, long requestId) {
    }

    record Page(List<Entry> entries, long next, long length) {
    }

    /**
     * A page of the log from {@code from}, as JSON or (if {@code accept} prefers it) text
     * lines; with {@code wait} seconds, a long poll that answers once an entry at or after
     * {@code from} exists or the wait is over. {@code consistency} is {@code local} (this
     * server's log as it is) or {@code linearizable} (first a {@link ReadBarrier}: the page
     * then reflects every write acknowledged before the request; 503 if no barrier in
     * time). {@code maxForwards} "0" keeps a linearizable read at this server.
     *
     * @throws BadRequestException if a parameter is out of range
     */
    CompletableFuture<ResponseEntity<Object>> chatlog(long from, int limit, int wait, String accept,
                                                      String consistency, String maxForwards) {
        boolean linearizable = switch (consistency == null ? "local" : consistency) {
            case "local" -> false;
            case "linearizable" -> true;
            default -> throw new BadRequestException("parameter 'consistency' must be 'local' or 'linearizable'");
        };
        if (!linearizable) {
            return chatlog(from, limit, wait, accept);
        }
        checkPage(from, limit, wait);
        return barrier.await(!"0".equals(maxForwards), properties.requestTimeout())
                .handle((v, e) -> e)
                .thenCompose(e -> e == null ? chatlog(from, limit, wait, accept)
                        : CompletableFuture.completedFuture(Problems.unavailable(ReadBarrier.unavailable(e).getMessage(), 1)));
    }

    CompletableFuture<ResponseEntity<Object>> chatlog(long from, int limit, int wait, String accept) {
        checkPage(from, limit, wait);
        boolean text = wantsText(accept);
        if (wait == 0 || store.length() > from) {
            return CompletableFuture.completedFuture(page(from, limit, text));
        }
        CompletableFuture<Void> entry = store.longPoll(from);
        if (entry.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(Problems.unavailable("too many long polls wait at this"
                    + " server; retry shortly, or read without 'wait'", 1));
        }
        return entry.completeOnTimeout(null, wait, TimeUnit.SECONDS)
                .handleAsync((v, e) -> page(from, limit, text), responses);
    }

    private static void checkPage(long from, int limit, int wait) {
        if (from < 0) {
            throw new BadRequestException("parameter 'from' must be at least 0");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new BadRequestException("parameter 'wait' must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
    }

    /** The longest a long poll of {@code wait} seconds can take; its request gives up after this. */
    Duration chatlogDeadline(int wait) {
        return Duration.ofSeconds(wait).plus(properties.requestTimeout()).plus(GRACE);
    }

    private ResponseEntity<Object> page(long from, int limit, boolean text) {
        ChatLogStore.Slice slice = store.read(from, limit);
        if (text) {
            StringBuilder lines = new StringBuilder();
            for (ChatEntry e : slice.entries()) {
                lines.append(e.seq()).append(' ').append(e.sender()).append(": ").append(e.text()).append('\n');
            }
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .body(lines.toString());
        }
        List<Entry> entries = slice.entries().stream()
                .map(e -> new Entry(e.seq(), e.sender(), e.text(), e.clientId(), e.requestId())).toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new Page(entries, slice.next(), slice.length()));
    }

    /**
     * Plain text only if the client names text/plain (or text/*) and ranks it above an
     * explicitly named application/json; anything else, wildcards included, gets JSON.
     */
    static boolean wantsText(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (RuntimeException e) {
            return false;
        }
        double text = 0;
        double json = 0;
        for (MediaType t : types) {
            if (t.getType().equals("text") && (t.isWildcardSubtype() || t.getSubtype().equals("plain"))) {
                text = Math.max(text, t.getQualityValue());
            } else if (t.getType().equals("application") && t.getSubtype().equals("json")) {
                json = Math.max(json, t.getQualityValue());
            }
        }
        return text > 0 && text > json;
    }
}
