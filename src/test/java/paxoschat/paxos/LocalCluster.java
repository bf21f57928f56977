package paxoschat.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A few protocol cores wired together in memory for unit tests: messages are delivered in
 * FIFO order until the cluster is quiet, and a firewall can cut nodes off.
 */
final class LocalCluster {

    final PaxosNode[] nodes;
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final Set<Integer> isolated = new HashSet<>();
    final List<Envelope> sent = new ArrayList<>();
    final List<ChatEntry> performed = new ArrayList<>();
    /** Messages between different nodes that the network loses. */
    Predicate<Message> lose = m -> false;

    LocalCluster(int size) {
        nodes = new PaxosNode[size];
        for (int i = 0; i < size; i++) {
            nodes[i] = new PaxosNode(config(i, size), false);
        }
    }

    static PaxosConfig config(int node, int size) {
        return new PaxosConfig(node, size, 8, 16, 2, 10, 3, 100, 4, 5);
    }

    void isolate(int node) {
        isolated.add(node);
    }

    void heal(int node) {
        isolated.remove(node);
    }

    /** Replaces a node by a fresh process that lost its state, as a crash and restart would. */
    void restartAmnesiac(int node) {
        nodes[node] = new PaxosNode(config(node, nodes.length), true);
    }

    void apply(int node, Step step) {
        for (Envelope e : step.messages()) {
            sent.add(e);
            if (e.to() == node || !isolated.contains(node) && !lose.test(e.message())) {
                queue.add(new Envelope(e.to(), e.message()));
            }
        }
        performed.addAll(step.performed());
    }

    /** Everyone learns everyone's status, as heartbeats would tell them. */
    void heartbeat() {
        for (PaxosNode n : nodes) {
            for (PaxosNode p : nodes) {
                if (n != p && !isolated.contains(n.id())) {
                    PeerStatus s = isolated.contains(p.id()) || p.isCrashed() ? PeerStatus.down(p.id()) : p.status();
                    apply(n.id(), n.observe(s));
                }
            }
        }
    }

    void tick() {
        heartbeat();
        for (PaxosNode n : nodes) {
            apply(n.id(), n.tick());
        }
        deliverAll();
    }

    void ticks(int count) {
        for (int i = 0; i < count; i++) {
            tick();
        }
    }

    void deliverAll() {
        Envelope e;
        while ((e = queue.poll()) != null) {
            if (!isolated.contains(e.to()) || e.to() == e.message().from()) {
                apply(e.to(), nodes[e.to()].receive(e.message()));
            }
        }
    }

    /** Ticks until the condition holds, failing after {@code limit} ticks. */
    void tickUntil(Predicate<LocalCluster> condition, int limit) {
        for (int i = 0; i < limit; i++) {
            if (condition.test(this)) {
                return;
            }
            tick();
        }
        if (!condition.test(this)) {
            throw new AssertionError("condition not reached after " + limit + " ticks");
        }
    }

    int leader() {
        for (PaxosNode n : nodes) {
            if (!n.isCrashed() && n.isLeading() && !isolated.contains(n.id())) {
                return n.id();
            }
        }
        return -1;
    }

    long count(Class<? extends Message> type, Predicate<Envelope> filter) {
        return sent.stream().filter(e -> type.isInstance(e.message())).filter(filter).count();
    }
}
