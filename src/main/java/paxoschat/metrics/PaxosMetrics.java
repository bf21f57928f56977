package paxoschat.metrics;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import paxoschat.health.HeartbeatMonitor;
import paxoschat.node.NodeCounters;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.server.PaxosProperties;
import paxoschat.transport.PeerTransport;

/**
 * The node's state as gauges and its events as counters, read when Prometheus scrapes:
 * from the {@link NodeView} and {@link NodeCounters} the node thread publishes after every
 * task, never from the node itself, so a scrape costs the node nothing.
 */
@Component
class PaxosMetrics implements MeterBinder {

    private final NodeRunner runner;
    private final HeartbeatMonitor heartbeats;
    private final PeerTransport transport;
    private final PaxosProperties properties;

    PaxosMetrics(NodeRunner runner, HeartbeatMonitor heartbeats, PeerTransport transport, PaxosProperties properties) {
        this.runner = runner;
        this.heartbeats = heartbeats;
        this.transport = transport;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        view(registry, "paxos.leader", "1 if this server leads (its known leader is itself)",
                v -> v.leaderHint() == v.node() ? 1 : 0);
        view(registry, "paxos.leader.node", "the node this server believes leads, -1 if none", NodeView::leaderHint);
        view(registry, "paxos.ballot.round", "round of this server's ballot (highest seen unless leading)",
                v -> v.ballot().round());
        view(registry, "paxos.decided.slots", "slots decided and performed by this replica", NodeView::decided);
        view(registry, "paxos.log.entries", "chat log length (no-ops and duplicates take no entry)",
                NodeView::logLength);
        view(registry, "paxos.ready", "1 once recovered and caught up", v -> v.ready() ? 1 : 0);
        view(registry, "paxos.recovering", "1 while a restarted amnesiac server recovers", v -> v.recovering() ? 1 : 0);
        gauge(registry, "paxos.cluster.size", "servers in the cluster", properties::clusterSize);
        gauge(registry, "paxos.peers.up", "servers whose last heartbeat answered, this one included",
                heartbeats::upCount);
        gauge(registry, "paxos.quorum", "1 if this server reaches a majority", () -> heartbeats.seesMajority() ? 1 : 0);
        gauge(registry, "paxos.queue.inputs", "inputs queued for the node thread", runner::queuedInputs);
        gauge(registry, "paxos.queue.pending.requests", "client writes waiting for their decision",
                runner::pendingRequests);
        gauge(registry, "paxos.queue.outgoing.messages", "messages queued for peers", transport::queuedMessages);
        counter(registry, "paxos.elections", "phase 1s this server began (ballots of its own)",
                c -> c.campaigns());
        counter(registry, "paxos.leader.changes", "changes of the leader this server knows of", c -> c.leaderChanges());
        counter(registry, "paxos.recoveries", "recoveries this server began", c -> c.recoveries());
        counter(registry, "paxos.resends", "1a and 2a messages resent because unanswered", c -> c.resent());
        FunctionCounter.builder("paxos.catchup.sent", transport, PeerTransport::catchUpBytesSent)
                .description("bytes of catch-up (state transfer) POSTs peers took from this server")
                .baseUnit("bytes").register(registry);
    }

    private void view(MeterRegistry registry, String name, String description, ToDoubleFunction<NodeView> f) {
        Gauge.builder(name, runner, r -> f.applyAsDouble(r.view())).description(description).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String description, Supplier<Number> f) {
        Gauge.builder(name, f).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<NodeCounters> f) {
        FunctionCounter.builder(name, runner, r -> f.applyAsDouble(r.counters())).description(description)
                .register(registry);
    }
}
