package paxoschat.paxos;

import java.util.List;

/**
 * The value decided for one slot: the commands the leader batched into it, in order.
 * The empty batch is the no-op a new leader uses to fill holes in the log.
 */
public record Batch(List<Command> commands) {

    public static final Batch NOOP = new Batch(List.of());

    public Batch {
        commands = List.copyOf(commands);
    }

    public boolean isNoop() {
        return commands.isEmpty();
    }
}
