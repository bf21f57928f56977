package paxoschat.web;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;

/**
 * The one filter that answers requests without Spring MVC. Through MVC a request costs the
 * whole dispatch machinery, twice for an asynchronous answer (the request and the dispatch
 * of its DeferredResult); for the three requests the servers make most (a chat POST, a
 * Paxos batch, a heartbeat) that was a large share of a server's CPU. Here, for a request
 * its {@link FastRoute} calls plain, the {@link FastPath} answers: synchronously, or
 * asynchronously once (the thread that completes the answer writes it). Everything else,
 * and every plain request whose input turns out bad, goes on to MVC, with the body if it
 * was read: MVC's answer is the reference, and problems are its to write.
 */
public final class FastPathFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(FastPathFilter.class);
    private static final byte[] NO_BODY = new byte[0];

    private final Map<String, FastPath> byPath = new HashMap<>();
    private final ResponseWriter writer;
    private final LongAdder answered = new LongAdder();
    private volatile boolean enabled;

    FastPathFilter(List<FastPath> paths, ResponseWriter writer, boolean enabled) {
        for (FastPath path : paths) {
            if (byPath.put(path.route().path(), path) != null) {
                throw new IllegalStateException("two fast paths for " + path.route().path());
            }
        }
        this.writer = writer;
        this.enabled = enabled;
    }

    /** The paths the filter is registered for. */
    Set<String> paths() {
        return Set.copyOf(byPath.keySet());
    }

    /**
     * Off: every request goes through MVC. The setting is paxos.web.fast-paths; tests turn
     * it off for a moment to get MVC's answer from the same server.
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** How many requests a fast path has answered (not counting those it left to MVC). */
    public long answered() {
        return answered.sum();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        FastPath path = enabled ? byPath.get(request.getRequestURI()) : null;
        if (path == null || !path.route().isPlain(request)) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = path.route().hasBody()
                ? request.getInputStream().readNBytes((int) request.getContentLengthLong()) : NO_BODY;
        CompletableFuture<? extends ResponseEntity<?>> answer;
        try {
            answer = path.answer(request, body);
        } catch (BadRequestException e) {
            chain.doFilter(path.route().hasBody() ? new BufferedBodyRequest(request, body) : request, res);
            return;
        }
        answered.increment();
        HttpServletResponse response = (HttpServletResponse) res;
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            writer.write(response, answer.join(), path.route().path());
        } else {
            answerLater(request, path, answer);
        }
    }

    private void answerLater(HttpServletRequest request, FastPath path,
                             CompletableFuture<? extends ResponseEntity<?>> answer) {
        AsyncContext async = request.startAsync();
        async.setTimeout(path.timeout().toMillis());
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                finish(async, answered, path, path.timedOut());
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        answer.whenComplete((entity, error) -> finish(async, answered, path,
                entity != null ? entity : unexpected(path, error)));
    }

    private void finish(AsyncContext async, AtomicBoolean answered, FastPath path, ResponseEntity<?> entity) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.write((HttpServletResponse) async.getResponse(), entity, path.route().path());
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } catch (RuntimeException e) {
            log.warn("{} {}: could not write the answer {}", path.route().method(), path.route().path(),
                    entity.getStatusCode(), e);
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container (error or timeout)
            }
        }
    }

    /** What ProblemAdvice answers to an exception MVC did not expect. */
    private static ResponseEntity<?> unexpected(FastPath path, Throwable error) {
        log.error("{} {}: unexpected error", path.route().method(), path.route().path(), error);
        return Problems.internalError();
    }
}
