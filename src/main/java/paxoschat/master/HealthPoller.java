package paxoschat.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the health of every live server at once: one slow server must not make a poll
 * round slower than the round trip to it, or allClear would notice idleness late.
 */
public final class HealthPoller {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-poll");
        t.setDaemon(true);
        return t;
    });

    private HealthPoller() {
    }

    /** The servers among {@code servers} for which {@code test} holds, asked all at once. */
    public static List<Integer> all(List<Integer> servers, java.util.function.IntPredicate test) {
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        for (int i : servers) {
            futures.add(CompletableFuture.supplyAsync(() -> test.test(i), POOL));
        }
        List<Integer> passed = new ArrayList<>();
        for (int k = 0; k < servers.size(); k++) {
            if (futures.get(k).join()) {
                passed.add(servers.get(k));
            }
        }
        return passed;
    }

    /** Health of the servers whose process is alive, keyed by index, in index order. */
    public static Map<Integer, Optional<PaxosHealth>> pollAlive(Servers servers) {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            if (servers.isAlive(i)) {
                alive.add(i);
            }
        }
        Map<Integer, Optional<PaxosHealth>> result = new LinkedHashMap<>();
        if (alive.size() <= 1) {
            for (int i : alive) {
                result.put(i, servers.api(i).health());
            }
            return result;
        }
        List<CompletableFuture<Optional<PaxosHealth>>> futures = new ArrayList<>();
        for (int i : alive) {
            ServerApi api = servers.api(i);
            futures.add(CompletableFuture.supplyAsync(api::health, POOL));
        }
        for (int k = 0; k < alive.size(); k++) {
            result.put(alive.get(k), futures.get(k).join());
        }
        return result;
    }
}
