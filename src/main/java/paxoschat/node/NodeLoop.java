package paxoschat.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The node thread. The PaxosNode is not thread-safe, so every input (client command, Paxos
 * messages, tick, peer status, time bomb) is a task on this one thread, and only it touches
 * the node. It never waits for I/O: what it sends, a sender sends asynchronously; what
 * waits for an fsync, the flusher releases.
 */
final class NodeLoop {

    private final FailStop failStop;
    private final TickClock clock;
    private final ScheduledThreadPoolExecutor executor;
    /** Tasks handed to the executor and not yet started (ticks aside): the input queue's depth. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Where due ticks go, once ticking started; node thread only after that. */
    private volatile LongConsumer ticks;

    NodeLoop(int nodeId, TickClock clock, FailStop failStop) {
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

    /**
     * Runs {@code task} on the node thread. An exception there halts the server
     * ({@link FailStop#failed}): the step it broke off may have changed the node's state
     * without writing or sending what goes with the change. {@code failure}, if given, fails
     * too, and after a halt every later task fails it at once without running.
     */
    void execute(Runnable task, CompletableFuture<?> failure) {
        queued.incrementAndGet();
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                if (failStop.halted()) {
                    if (failure != null) {
                        failure.completeExceptionally(new IllegalStateException("the server halted"));
                    }
                    return;
                }
                try {
                    runDueTicks();
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (failure != null) {
                        failure.completeExceptionally(e);
                    }
                    failStop.failed("the node thread", e);
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
            if (failStop.halted()) {
                return;
            }
            try {
                runDueTicks();
            } catch (RuntimeException | Error e) {
                failStop.failed("a tick", e);
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
