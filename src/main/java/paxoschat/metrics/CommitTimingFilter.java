package paxoschat.metrics;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times {@code POST /messages} from the request's arrival until its answer is complete
 * ({@code paxos_commit_latency_seconds}, a histogram tagged with the status): the commit
 * latency a client sees. It sits at the web layer's gate, before the fast path, because the
 * fast path answers without Spring MVC and so without MVC's HTTP observation; an answer
 * that completes asynchronously (every 201 does) is timed when it completes.
 */
final class CommitTimingFilter extends OncePerRequestFilter {

    static final String PATH = "/messages";

    private final MeterRegistry registry;
    /** One timer per status, so a request looks its timer up without the registry's lock. */
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

    CommitTimingFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // The async dispatch is part of the request timed since its start.
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(start, (HttpServletResponse) event.getSuppliedResponse());
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        // onComplete follows
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        // onComplete follows
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // no new start: the request's own start counts
                    }
                });
            } else {
                record(start, response);
            }
        }
    }

    private void record(long start, HttpServletResponse response) {
        long nanos = System.nanoTime() - start;
        timers.computeIfAbsent(response.getStatus(), status -> Timer.builder("paxos.commit.latency")
                .description("POST /messages from arrival until its answer (201: the message is in the log)")
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
