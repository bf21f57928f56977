package paxoschat.paxos.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.RequestKey;

/**
 * The safety properties of SPEC §2, checked from the outside: from the votes acceptors
 * actually cast, the decisions replicas were sent, and the chat logs they built. Any
 * violation throws {@link Violation}.
 */
final class Invariants {

    static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    private record BallotSlot(Ballot ballot, long slot) {
    }

    private final int majority;
    /** Per (ballot, slot): the one value proposed in it, and who accepted it. */
    private final Map<BallotSlot, Batch> proposed = new HashMap<>();
    private final Map<BallotSlot, Set<Integer>> voters = new HashMap<>();
    private final Map<Long, Batch> chosen = new HashMap<>();
    private final List<ChatEntry> canonical = new ArrayList<>();
    private final Map<RequestKey, Command> sent = new HashMap<>();
    private final Map<RequestKey, Long> acked = new HashMap<>();
    /** The messages in the canonical log, and each client's last request id there. */
    private final Set<RequestKey> logged = new HashSet<>();
    private final Map<String, Long> lastRequest = new HashMap<>();

    Invariants(int clusterSize) {
        this.majority = clusterSize / 2 + 1;
    }

    void sent(Command command) {
        sent.put(command.key(), command);
    }

    /** An acceptor accepted {@code value} for {@code slot} in {@code ballot}. */
    void vote(int acceptor, Ballot ballot, long slot, Batch value) {
        BallotSlot key = new BallotSlot(ballot, slot);
        Batch before = proposed.putIfAbsent(key, value);
        if (before != null && !before.equals(value)) {
            throw new Violation("two values proposed in ballot " + ballot + " for slot " + slot);
        }
        Set<Integer> who = voters.computeIfAbsent(key, k -> new HashSet<>());
        who.add(acceptor);
        if (who.size() >= majority) {
            Batch earlier = chosen.putIfAbsent(slot, value);
            if (earlier != null && !earlier.equals(value)) {
                throw new Violation("slot " + slot + " chose two values: " + earlier + " and then " + value
                        + " in ballot " + ballot);
            }
        }
    }

    /** Someone told a replica that {@code value} was decided for {@code slot}. */
    void chosen(long slot) {
        if (!chosen.containsKey(slot)) {
            throw new Violation("slot " + slot + " announced chosen without being chosen by a majority");
        }
    }

    void decision(long slot, Batch value) {
        Batch c = chosen.get(slot);
        if (c == null) {
            throw new Violation("slot " + slot + " decided without being chosen by a majority");
        }
        if (!c.equals(value)) {
            throw new Violation("slot " + slot + " decided as " + value + " but chosen as " + c);
        }
    }

    /**
     * A replica appended {@code entries} to its chat log, which held {@code from} entries
     * before: they must continue its log densely and agree with every other log seen (all
     * logs are prefixes of one another), and anything new must be a message sent once, in
     * its client's order. A log only grows, which its append-only interface ensures.
     */
    void appended(int node, long from, List<ChatEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            ChatEntry e = entries.get(i);
            long seq = from + i;
            if (e.seq() != seq) {
                throw new Violation("node " + node + " appended " + e + " at seq " + seq);
            }
            if (seq < canonical.size()) {
                if (!e.equals(canonical.get((int) seq))) {
                    throw new Violation("node " + node + "'s log differs at seq " + seq + ": " + e + " vs "
                            + canonical.get((int) seq));
                }
            } else {
                appendCanonical(e);
            }
        }
    }

    private void appendCanonical(ChatEntry e) {
        if (e.seq() != canonical.size()) {
            throw new Violation("sequence numbers not dense at " + e);
        }
        Command c = sent.get(e.key());
        if (c == null || !c.sender().equals(e.sender()) || !c.text().equals(e.text())) {
            throw new Violation("log holds a message nobody sent: " + e);
        }
        if (!logged.add(e.key())) {
            throw new Violation("message performed twice: " + e);
        }
        Long before = lastRequest.put(e.clientId(), e.requestId());
        if (before != null && before > e.requestId()) {
            throw new Violation("client " + e.clientId() + "'s messages out of order: " + e);
        }
        canonical.add(e);
        Long ack = acked.get(e.key());
        if (ack != null && ack != e.seq()) {
            throw new Violation("acknowledged " + e.key() + " at seq " + ack + " but logged at " + e.seq());
        }
    }

    /** A server answered the client: {@code key} is in the log at {@code seq}. */
    void acked(RequestKey key, long seq) {
        Long before = acked.putIfAbsent(key, seq);
        if (before != null && before != seq) {
            throw new Violation(key + " acknowledged at two positions " + before + " and " + seq);
        }
        if (seq < canonical.size() && !canonical.get((int) seq).key().equals(key)) {
            throw new Violation(key + " acknowledged at seq " + seq + " which holds " + canonical.get((int) seq));
        }
    }

    /** Liveness at the end: every message sent is in the log, exactly once. */
    void allSentLogged() {
        for (RequestKey key : sent.keySet()) {
            if (!logged.contains(key)) {
                throw new Violation("message " + key + " was never decided");
            }
        }
        for (RequestKey key : acked.keySet()) {
            if (!logged.contains(key)) {
                throw new Violation("acknowledged message " + key + " lost");
            }
        }
    }

    int canonicalLength() {
        return canonical.size();
    }

    int chosenSlots() {
        return chosen.size();
    }
}
