package paxoschat.node;

import java.util.List;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;

/** Receives chat entries in log order as the node performs them (on the node thread). */
public interface PerformedSink {

    /**
     * The node's chat log, whose entries until now count as performed already (a server
     * restarted from disk holds its snapshot's). Called once, before any {@link #append};
     * the log holds every entry before it is appended here, and any thread may read it.
     */
    default void attach(ChatLog log) {
    }

    /** Called with consecutive entries; must be quick and must not block. */
    void append(List<ChatEntry> entries);
}
