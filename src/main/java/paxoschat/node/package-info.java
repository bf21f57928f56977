/**
 * The node's runtime, the adapter that runs the pure protocol core inside a server: the
 * node thread and its tick clock, the dispatch of each step's output through group commit
 * (what leaves at once, what waits for the fsync), the clients waiting for their command
 * and the back-pressure that bounds them, the linearizable reads waiting on a read fence
 * ({@link paxoschat.node.NodeRunner#readIndex}), the compaction policy, the storage bean, and the
 * {@link paxoschat.node.NodeView} (and {@link paxoschat.node.NodeCounters}) that request,
 * health and metrics threads read.
 * {@link paxoschat.node.NodeRunner} is what other packages use.
 *
 * <p>May depend on: {@code paxoschat.paxos}, {@code paxoschat.storage},
 * {@code paxoschat.chatlog} (through storage), {@code paxoschat.server} for the settings
 * and {@code Halt}, Spring's context and lifecycle. Not on HTTP: what it sends goes through
 * {@link paxoschat.node.MessageSender} and what it performs to
 * {@link paxoschat.node.PerformedSink}, which the transport and the chat API implement.
 */
package paxoschat.node;
