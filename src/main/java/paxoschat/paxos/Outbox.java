package paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/** Collects what one step of a node produces; the node hands it over and starts a new one. */
final class Outbox {

    private final int self;
    private final int clusterSize;
    private List<DurableRecord> writes = new ArrayList<>();
    private List<Envelope> messages = new ArrayList<>();
    private List<ChatEntry> performed = new ArrayList<>();
    private List<Step.Refused> refused = new ArrayList<>();
    private TimeBomb bomb;

    Outbox(int self, int clusterSize) {
        this.self = self;
        this.clusterSize = clusterSize;
    }

    void arm(TimeBomb timeBomb) {
        this.bomb = timeBomb;
    }

    void send(int to, Message message) {
        if (bomb != null && bomb.exploded()) {
            return;
        }
        messages.add(new Envelope(to, message));
        if (to != self && bomb != null) {
            bomb.count(message);
        }
    }

    void broadcast(Message message) {
        for (int to = 0; to < clusterSize; to++) {
            send(to, message);
        }
    }

    boolean bombExploded() {
        return bomb != null && bomb.exploded();
    }

    void write(DurableRecord record) {
        writes.add(record);
    }

    void performed(ChatEntry entry) {
        performed.add(entry);
    }

    void refused(RequestKey key, String reason) {
        refused.add(new Step.Refused(key, reason));
    }

    Step drain(boolean crashed) {
        Step step = new Step(writes, messages, performed, refused.isEmpty() ? List.of() : refused, crashed);
        writes = new ArrayList<>();
        messages = new ArrayList<>();
        performed = new ArrayList<>();
        if (!refused.isEmpty()) {
            refused = new ArrayList<>();
        }
        return step;
    }
}
