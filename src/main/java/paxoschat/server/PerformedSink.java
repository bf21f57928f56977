package paxoschat.server;

import java.util.List;

import paxoschat.paxos.ChatEntry;

/** Receives chat entries in log order as the node performs them (on the node thread). */
public interface PerformedSink {

    /** Called with consecutive entries; must be quick and must not block. */
    void append(List<ChatEntry> entries);
}
