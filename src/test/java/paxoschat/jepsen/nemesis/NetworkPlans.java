package paxoschat.jepsen.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network faults of the whole cluster as the nemesis means them, turned into each
 * server's own plan for POST /admin/faults. A one-way cut a -> b is told to both ends: a
 * drops what it sends to b, b drops what arrives from a. A new partition or one-way cut
 * replaces the previous one; delay and duplication stay until the network heals.
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

    /** Cuts every link between the two sides, both ways; replaces the previous cuts. */
    void partition(Set<Integer> side) {
        clearCuts();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (side.contains(a) != side.contains(b)) {
                    blocked.get(a).add(b);
                }
            }
        }
    }

    /** Cuts the link from -> to; replaces the previous cuts. */
    void cutOneWay(int from, int to) {
        clearCuts();
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
        clearCuts();
        delayMillis = 0;
        duplicate = false;
    }

    /**
     * One topology fault at a time: cuts that pile up soon split every server from every
     * other, and a cluster that can do nothing tests little.
     */
    private void clearCuts() {
        for (int i = 0; i < n; i++) {
            blocked.get(i).clear();
            out.get(i).clear();
            in.get(i).clear();
        }
    }

    String json(int server) {
        return "{\"blockedPeers\":" + blocked.get(server) + ",\"dropOutgoingTo\":" + out.get(server)
                + ",\"dropIncomingFrom\":" + in.get(server) + ",\"delayMillis\":" + delayMillis
                + ",\"duplicate\":" + duplicate + "}";
    }
}
