/**
 * Fault injection for fault testing only (docs/jepsen.md): a server's plan of dropped,
 * delayed and duplicated server-to-server messages and cut heartbeats
 * ({@link paxoschat.faults.FaultPlan}), applied by the transport and the failure detector
 * through {@link paxoschat.faults.FaultInjector}, and set with {@code /admin/faults}. None
 * of it exists unless paxos.faults.enabled is true.
 *
 * <p>May depend on: {@code paxoschat.server} (settings), {@code paxoschat.web}, Spring Web
 * and MVC. Not on the transport or health packages, which depend on it.
 */
package paxoschat.faults;
