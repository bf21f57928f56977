/**
 * Metrics for Prometheus ({@code /actuator/prometheus}), an adapter like the others: the
 * protocol core knows nothing of Micrometer. {@link paxoschat.metrics.PaxosMetrics} reads
 * the node's published view and counters, the failure detector and the transport when
 * scraped; {@link paxoschat.metrics.FsyncMetrics} times the group commit's syncs;
 * {@link paxoschat.metrics.CommitTimingFilter} times {@code POST /messages} in the web
 * layer, fast path included. Every name starts with {@code paxos.} ({@code paxos_} in
 * Prometheus); docs/metrics.md lists them and docs/grafana-dashboard.json shows them.
 *
 * <p>May depend on: {@code paxoschat.node} (view, counters, queue depths),
 * {@code paxoschat.health} (peers up), {@code paxoschat.transport} (catch-up bytes, send
 * queue), {@code paxoschat.storage} (the sync hook), {@code paxoschat.server} (settings),
 * {@code paxoschat.web} (filter order), Micrometer, Spring Boot, the servlet API.
 */
package paxoschat.metrics;
