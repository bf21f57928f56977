package paxoschat.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.server.Halt;

/**
 * The ways this server stops itself, each a crash-stop that Paxos tolerates rather than a
 * state it cannot vouch for: a log that could not be made durable, a node thread (or a
 * release after a sync) that failed halfway through a step, and the time bomb (SPEC §1
 * timeBombLeader). Nothing that fails unexpectedly is logged and passed over: an acceptor's
 * promise could then be in memory while its record never reached the disk, or a step be
 * half applied, and the server would go on voting from a state it never had.
 */
final class FailStop {

    private static final Logger log = LoggerFactory.getLogger(FailStop.class);
    /** How long a crashing node waits for its last messages to leave before it halts. */
    private static final Duration CRASH_FLUSH = Duration.ofSeconds(1);

    private final int nodeId;
    private final Halt halt;
    private final MessageSender sender;
    /** Every later step of a crashed node says crashed too; halt only once. */
    private final AtomicBoolean exploded = new AtomicBoolean();
    /** Set at the first halt: a halt the test chose may return, but the server is gone. */
    private volatile boolean halted;

    FailStop(int nodeId, Halt halt, MessageSender sender) {
        this.nodeId = nodeId;
        this.halt = halt;
        this.sender = sender;
    }

    /**
     * The log could not be made durable: this server may neither vote nor acknowledge any
     * more, so it stops at once. It never answers as if the write had succeeded: nothing
     * queued behind the failed sync is released.
     */
    void storageFailed(Throwable e) {
        log.error("node {}: STORAGE FAILED, halting so as not to vote or acknowledge without a durable log: {}",
                nodeId, e.toString());
        halt();
    }

    /**
     * Anything unexpected halfway through a step ({@code where}: the node thread, a tick, a
     * release after a sync): out of memory, a bug, a record storage refused to encode. The
     * node's state may be ahead of what it sent and wrote. Crash, the failure the protocol is
     * built for.
     */
    void failed(String where, Throwable e) {
        log.error("node {}: {} in {}, halting: the node's state may be ahead of what it sent and wrote", nodeId, e,
                where, e);
        halt();
    }

    /** True once the server halted (or, in a test, was told to). */
    boolean halted() {
        return halted;
    }

    private void halt() {
        halted = true;
        halt.halt(1);
    }

    /** The time bomb went off: its last messages leave (they count), then the process dies. */
    void timeBombExploded() {
        if (!exploded.compareAndSet(false, true)) {
            return;
        }
        log.warn("node {}: time bomb exploded; flushing sends and halting", nodeId);
        sender.awaitIdle(CRASH_FLUSH);
        halt();
    }
}
