package paxoschat.paxos;

/** The log the core brings along for its own tests and the simulation. */
class ChatLogTest extends ChatLogContract {

    @Override
    protected ChatLog newLog() {
        return ChatLog.inMemory();
    }
}
