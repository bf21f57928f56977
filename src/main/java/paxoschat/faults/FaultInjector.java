package paxoschat.faults;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The fault filter of the server-to-server transport, for fault testing only: it exists
 * only when {@code paxos.faults.enabled=true} (default false), so a production server has
 * no such bean and the transport, the Paxos endpoint and the heartbeats run unfiltered.
 * The test harness sets the plan through {@code POST /admin/faults}.
 *
 * <p>A delayed or duplicated message may arrive any time later: no safety argument counts
 * on messages arriving in time (paxos/Recovery.java).
 */
@Component
@ConditionalOnProperty(name = "paxos.faults.enabled", havingValue = "true")
public class FaultInjector {

    private volatile FaultPlan plan = FaultPlan.NONE;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "faults");
        t.setDaemon(true);
        return t;
    });

    public FaultPlan plan() {
        return plan;
    }

    public void apply(FaultPlan plan) {
        this.plan = plan;
    }

    public boolean dropsOutgoing(int to) {
        return plan.dropsOutgoing(to);
    }

    public boolean dropsIncoming(int from) {
        return plan.dropsIncoming(from);
    }

    public boolean cutsHeartbeat(int peer) {
        return plan.cutsHeartbeat(peer);
    }

    public boolean duplicates() {
        return plan.duplicate();
    }

    /** This batch's delay: 0 without a delay fault, else uniform in [delay / 2, delay]. */
    public long nextDelayMillis() {
        long delay = plan.delayMillis();
        return delay <= 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 2, delay + 1);
    }

    /** Runs {@code task} after {@code millis}, on the fault timer. */
    public void later(long millis, Runnable task) {
        timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
