/**
 * The protocol core: Multi-Paxos after "Paxos Made Moderately Complex" (replica, acceptor,
 * leader with its scouts and commanders), the election policy and catch-up around them, and
 * the recovery of a server restarted without its acceptor state. {@link
 * paxoschat.paxos.PaxosNode} is one server's core: each input (a client command, a message,
 * a tick, a peer status) returns the {@link paxoschat.paxos.Step} it caused, whose records
 * are to be made durable and whose messages sent. Time is ticks the caller delivers; the
 * timing assumptions of recovery are in {@code Recovery}.
 *
 * <p>May depend on: the JDK's collections and functional interfaces only. No threads,
 * locks, clocks, I/O or Spring: the adapters (node, storage, transport, chatlog) bring those,
 * and the simulation runs the core alone, many times, under faults.
 */
package paxoschat.paxos;
