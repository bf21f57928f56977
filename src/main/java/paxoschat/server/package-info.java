/**
 * The Spring Boot application and its process: {@link paxoschat.server.ServerApplication}
 * (what is scanned and what is left out for start-up time), the settings
 * ({@link paxoschat.server.PaxosProperties}, bound from {@code paxos.*} in application.yml),
 * and process plumbing: halting ({@link paxoschat.server.Halt}), exiting with the parent,
 * listening only once the node serves, and the checks Spring AOT would freeze at build time.
 *
 * <p>May depend on: Spring Boot, {@code paxoschat.paxos} (PaxosConfig). Every other package
 * may depend on it for its settings; it depends on none of them, so that no cycle goes
 * through it.
 */
package paxoschat.server;
