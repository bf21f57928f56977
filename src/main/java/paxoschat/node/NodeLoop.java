package paxoschat.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node thread. The PaxosNode is not thread-safe, so every input (client command, Paxos
 * messages, tick, peer status, time bomb) is a task on this one thread, and only it touches
 * the node. It never waits for I/O: what it sends, a sender sends asynchronously; what
 * waits for an fsync, the flusher releases.
 */
final class NodeLoop {

    private static final Logger log = LoggerFactory.getLogger(NodeLoop.class);

    private final int nodeId;
    private final FailStop failStop;
    private final TickClock clock;
    private final ScheduledThreadPoolExecutor executor;
    /** Tasks handed to the executor and not yet started (ticks aside): the input queue's depth. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Where due ticks go, once ticking started; node thread only after that. */
    private volatile LongConsumer ticks;

    NodeLoop(int nodeId, TickClock clock, FailStop failStop) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.failStop = failStop;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "paxos-node-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Inputs queued and not started yet; any thread. */
    int queued() {
        return queued.get();
    }

    void execute(Runnable task) {
        execute(task, null);
    }

    /** Runs {@code task} on the node thread; a failure fails {@code failure} if given. */
    void execute(Runnable task, CompletableFuture<?> failure) {
        queued.incrementAndGet();
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                try {
                    runDueTicks();
                    task.run();
                } catch (RuntimeException e) {
                    // The node thread must survive anything one input does.
                    log.error("node {}: input failed", nodeId, e);
                    if (failure != null) {
                        failure.completeExceptionally(e);
                    }
                } catch (Error e) {
                    failStop.nodeThreadFailed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            if (failure != null) {
                failure.completeExceptionally(new IllegalStateException("server is shutting down"));
            }
        }
    }

    /**
     * Starts the clock and, every tick interval, hands {@code ticks} the number of ticks due
     * (if any) as one task: when a starved node thread catches up on several, they run
     * together (see {@link StepDispatcher#tick}).
     */
    void startTicks(LongConsumer ticks) {
        long micros = clock.interval().toNanos() / 1000;
        clock.start();
        // Published after the clock's start, which the node thread then sees too.
        this.ticks = ticks;
        executor.scheduleWithFixedDelay(() -> {
            try {
                runDueTicks();
            } catch (RuntimeException | Error e) {
                // An exception would cancel all future ticks.
                log.error("node {}: tick failed", nodeId, e);
            }
        }, micros, micros, TimeUnit.MICROSECONDS);
    }

    /**
     * Every tick the clock says is due runs before the next input, not only when the periodic
     * task comes round: an input that waited in the queue (or in a paused process's socket)
     * while the thread fell behind must meet the node as its clock says it is. A scout whose
     * lifetime passed must not count a promise that arrives after it (paxos/Recovery.java);
     * the executor alone would run inputs queued before the tick task's next turn first.
     */
    private void runDueTicks() {
        LongConsumer due = ticks;
        if (due != null) {
            long n = clock.takeDue();
            if (n > 0) {
                due.accept(n);
            }
        }
    }

    /** Stops the thread; tasks not started yet are dropped. */
    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
