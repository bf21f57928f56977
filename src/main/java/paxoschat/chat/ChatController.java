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
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import paxoschat.health.HeartbeatMonitor;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.node.Overloaded;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.server.BadRequestException;
import paxoschat.server.PaxosProperties;
import paxoschat.server.Problems;

/**
 * The chat API (SPEC §3). Requests never hold a thread while they wait: a POST waits on
 * the future of its command and a long poll on the log's append signal, both answered
 * through a DeferredResult from a small response pool (never from the node thread).
 */
@RestController
class ChatController {

    /** How long a {@code Prefer: respond-async} POST waits for its decision before 202. */
    static final Duration ASYNC_WAIT = Duration.ofSeconds(2);
    static final int MAX_LIMIT = 10_000;
    static final int MAX_WAIT_SECONDS = 30;

    private final NodeRunner runner;
    private final ChatLogStore store;
    private final HeartbeatMonitor heartbeats;
    private final PaxosProperties properties;
    private final ExecutorService responses;
    /** Client id for requests that bring none: unique per server process. */
    private final String anonymousClient;
    private final AtomicLong anonymousRequests = new AtomicLong();

    ChatController(NodeRunner runner, ChatLogStore store, HeartbeatMonitor heartbeats, PaxosProperties properties) {
        this.runner = runner;
        this.store = store;
        this.heartbeats = heartbeats;
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
        this.anonymousClient = "anon-" + properties.nodeId() + "-" + HexFormat.of().formatHex(boot);
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

    // Form posts (curl -d without a Content-Type) would arrive re-encoded: refuse them (415).
    @PostMapping(path = "/messages", consumes = "!application/x-www-form-urlencoded")
    DeferredResult<ResponseEntity<Object>> post(@RequestBody(required = false) byte[] body,
                                                @RequestHeader(value = "Prefer", required = false) String prefer) {
        ChatRequest request = ChatRequest.parse(body);
        DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>(
                properties.requestTimeout().plus(ASYNC_WAIT).toMillis() + 10_000);
        answer(request, prefersAsync(prefer)).thenAccept(result::setResult);
        return result;
    }

    /**
     * Submits a parsed request and completes with its answer (201, 202 or 503), never
     * exceptionally, and never on the node thread. {@link FastChatPost} calls it too.
     */
    CompletableFuture<ResponseEntity<Object>> answer(ChatRequest request, boolean async) {
        NodeView view = runner.view();
        if (!view.ready()) {
            return CompletableFuture.completedFuture(Problems.unavailable(view.recovering()
                    ? "this server is recovering; retry shortly" : "this server is catching up; retry shortly", 1, null));
        }
        String clientId = request.clientId() != null ? request.clientId() : anonymousClient;
        long requestId = request.requestId() != null ? request.requestId() : anonymousRequests.incrementAndGet();
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
                                .body(new Pending(clientId, requestId, "pending"));
                    } else if (error instanceof TimeoutException) {
                        return Problems.unavailable("not decided within " + wait.toMillis()
                                + " ms (no quorum?); retry with the same clientId and requestId", 1, null);
                    } else if (error instanceof Overloaded) {
                        return Problems.unavailable("this server is overloaded (" + error.getMessage()
                                + "); retry shortly", 1, null);
                    } else {
                        return Problems.unavailable("the server could not take the request", 1, null);
                    }
                }, responses);
        if (async && !performed.isDone() && !heartbeats.seesMajority()) {
            // Without a majority nothing will be decided soon; answer once the node has the
            // command (so a retry of a performed request still gets its 201).
            runner.barrier().thenRun(() -> performed.completeExceptionally(new NotYet()));
        }
        return answer;
    }

    ResponseEntity<Object> timedOut() {
        return Problems.unavailable("not decided within " + properties.requestTimeout().toMillis()
                + " ms (no quorum?); retry with the same clientId and requestId", 1, null);
    }

    static Created body(ChatEntry e) {
        return new Created(e.seq(), e.sender(), e.text(), e.clientId(), e.requestId());
    }

    private static ResponseEntity<Object> created(ChatEntry e) {
        return ResponseEntity.created(URI.create("/chatlog?from=" + e.seq() + "&limit=1"))
                .body(body(e));
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

    @GetMapping("/chatlog")
    DeferredResult<ResponseEntity<Object>> chatlog(@RequestParam(defaultValue = "0") long from,
                                                   @RequestParam(defaultValue = "1000") int limit,
                                                   @RequestParam(defaultValue = "0") int wait,
                                                   @RequestHeader(value = "Accept", required = false) String accept) {
        if (from < 0) {
            throw new BadRequestException("parameter 'from' must be at least 0");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw new BadRequestException("parameter 'wait' must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
        boolean text = wantsText(accept);
        DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>((wait + 10) * 1000L);
        if (wait == 0 || store.length() > from) {
            result.setResult(page(from, limit, text));
        } else {
            store.awaitEntry(from).completeOnTimeout(null, wait, TimeUnit.SECONDS)
                    .whenCompleteAsync((v, e) -> result.setResult(page(from, limit, text)), responses);
        }
        return result;
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
