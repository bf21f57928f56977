/**
 * Heartbeats and failure detection: the "paxos" health component
 * ({@link paxoschat.health.PaxosHealthIndicator}), which is the heartbeat's payload and the
 * readiness gate; the failure detector ({@link paxoschat.health.HeartbeatMonitor}) that polls
 * peers' {@code /actuator/health/paxos} on the schedule of
 * {@link paxoschat.health.PollSchedule} and feeds the node; and that poll's answer through
 * the web layer's fast path ({@link paxoschat.health.FastHeartbeat}), made with Actuator's
 * public health beans. The cluster as this server sees it is one
 * {@link paxoschat.health.ClusterSnapshot}, built by {@link paxoschat.health.ClusterView}
 * from the node's view and those heartbeats; the "cluster" component
 * ({@link paxoschat.health.ClusterHealthIndicator}) shows it (docs/metrics.md) and takes
 * readiness down without a majority; it is not in the heartbeat. The browser package shows
 * the same snapshot at {@code GET /cluster}.
 *
 * <p>May depend on: {@code paxoschat.paxos} (peer status, ballots), {@code paxoschat.node}
 * (the node runner and its view), {@code paxoschat.server} (settings), {@code paxoschat.net}, {@code paxoschat.faults},
 * {@code paxoschat.web}, {@code paxoschat.auth} (signed polls), Spring Boot Actuator's health API, OkHttp, Jackson.
 */
package paxoschat.health;
