package paxoschat.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import paxoschat.storage.SyncListener;

/**
 * Disk mode's group commit as metrics: how long each sync takes ({@code paxos_fsync_seconds})
 * and how many of the node's steps it made durable at once ({@code paxos_fsync_batch_steps}).
 * Memory mode never syncs, so both stay at zero there.
 */
@Component
class FsyncMetrics implements SyncListener {

    private final Timer latency;
    private final DistributionSummary batch;

    FsyncMetrics(MeterRegistry registry) {
        this.latency = Timer.builder("paxos.fsync").description("group commit sync of the write-ahead log")
                .publishPercentileHistogram().register(registry);
        this.batch = DistributionSummary.builder("paxos.fsync.batch").baseUnit("steps")
                .description("node steps made durable by one sync").publishPercentileHistogram()
                .maximumExpectedValue(4096.0).register(registry);
    }

    @Override
    public void synced(int steps, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        batch.record(steps);
    }
}
