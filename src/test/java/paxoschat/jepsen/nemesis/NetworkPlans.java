package paxoschat.jepsen.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network faults of the whole cluster as the nemesis means them, turned into each
 * server's own plan for POST /admin/faults. A one-way cut a -> b is told to both ends: a
 * drops what it sends to b, b drops what arrives from a.
 */
final class NetworkPlans {

    private final int n;
    private final List<Set<Integer>> blocked = new ArrayList<>();
    private final List<Set<Integer>> out = new ArrayList<>();
    private final List<Set<Integer>> in = new ArrayList<>();
    private long delayMillis;
    private boolean duplicate;

    NetworkPlans(int n) {
        this.n = n;
        for (int i = 0; i < n; i++) {
            blocked.add(new TreeSet<>());
            out.add(new TreeSet<>());
            in.add(new TreeSet<>());
        }
    }

    /** Cuts every link between the two sides, both ways. */
    void partition(Set<Integer> side) {
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (side.contains(a) != side.contains(b)) {
                    blocked.get(a).add(b);
                }
            }
        }
    }

    void cutOneWay(int from, int to) {
        out.get(from).add(to);
        in.get(to).add(from);
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    void duplicate(boolean on) {
        duplicate = on;
    }

    void heal() {
        for (int i = 0; i < n; i++) {
            blocked.get(i).clear();
            out.get(i).clear();
            in.get(i).clear();
        }
        delayMillis = 0;
        duplicate = false;
    }

    String json(int server) {
        return "{\"blockedPeers\":" + blocked.get(server) + ",\"dropOutgoingTo\":" + out.get(server)
                + ",\"dropIncomingFrom\":" + in.get(server) + ",\"delayMillis\":" + delayMillis
                + ",\"duplicate\":" + duplicate + "}";
    }
}
