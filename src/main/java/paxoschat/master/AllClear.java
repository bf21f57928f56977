package paxoschat.master;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code allClear}: polls the servers and drives the clients (learn, send queued messages,
 * retransmit stale ones) until {@link Idleness} says nothing more will happen. Polls often
 * so that it returns soon after the system becomes idle, and gives up after a cap so that a
 * broken cluster cannot hang the script.
 */
public final class AllClear {

    static final long POLL_MILLIS = 10;

    private final Servers servers;
    private final List<ChatClient> clients;
    private final LongSupplier millis;
    private final Pause pause;
    private final Consumer<String> diagnostics;
    private final long capMillis;
    /** The health of the last poll: what the cluster looked like when it became idle. */
    private Map<Integer, Optional<PaxosHealth>> lastHealth = Map.of();

    public AllClear(Servers servers, List<ChatClient> clients, LongSupplier millis, Pause pause,
            Consumer<String> diagnostics, long capMillis) {
        this.servers = servers;
        this.clients = clients;
        this.millis = millis;
        this.pause = pause;
        this.diagnostics = diagnostics;
        this.capMillis = capMillis;
    }

    /** Returns true when the system became idle, false when the cap ran out. */
    public boolean await() {
        long deadline = millis.getAsLong() + capMillis;
        while (true) {
            Map<Integer, Optional<PaxosHealth>> health = HealthPoller.pollAlive(servers);
            lastHealth = health;
            learn(health);
            // The snapshot predates the learning; that is safe because anything the learning
            // changed shows in the clients (undecided, or a confirmed seq not yet learned).
            String why = Idleness.whyNotIdle(servers.size(), health, clients);
            if (why == null) {
                return true;
            }
            if (millis.getAsLong() >= deadline) {
                diagnostics.accept("allClear: gave up after " + capMillis / 1000 + " s: " + why);
                return false;
            }
            // Only now retransmit or send queued messages: without a majority a retransmission
            // can block for the server's 2 s, and idleness there does not wait for them anyway.
            for (ChatClient client : clients) {
                client.tick();
            }
            pause.pause(POLL_MILLIS);
        }
    }

    public Map<Integer, Optional<PaxosHealth>> lastHealth() {
        return lastHealth;
    }

    private void learn(Map<Integer, Optional<PaxosHealth>> health) {
        int source = bestSource(health);
        if (source < 0) {
            return;
        }
        long length = health.get(source).get().logLength();
        for (ChatClient client : clients) {
            if (client.logSize() < length) {
                try {
                    client.learnFrom(servers.api(source));
                } catch (IOException | RuntimeException e) {
                    // the server died under us; the next round picks another
                }
            }
        }
    }

    /** The live server with the longest log, ready ones first; -1 if none answers. */
    private static int bestSource(Map<Integer, Optional<PaxosHealth>> health) {
        int best = -1;
        PaxosHealth bestHealth = null;
        for (Map.Entry<Integer, Optional<PaxosHealth>> e : health.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            PaxosHealth h = e.getValue().get();
            if (bestHealth == null || better(h, bestHealth)) {
                best = e.getKey();
                bestHealth = h;
            }
        }
        return best;
    }

    private static boolean better(PaxosHealth a, PaxosHealth b) {
        boolean readyA = Idleness.isReady(a);
        boolean readyB = Idleness.isReady(b);
        if (readyA != readyB) {
            return readyA;
        }
        return a.logLength() > b.logLength();
    }
}
