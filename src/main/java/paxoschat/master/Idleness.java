package paxoschat.master;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule of {@code allClear} (SPEC §1), as a pure function of one snapshot: the health of
 * every live server and the state of every client. Returns null when the system is idle,
 * otherwise why not (for the warning if it never gets idle).
 *
 * <p>With a majority that can work (a majority of all servers alive and voting, see
 * {@link Quorum}; recovering servers then finish recovering), idle means: all live servers
 * have the same log length L, some server leads, no client has anything undecided and every
 * client has learned exactly L entries. Without one nothing can be decided, so idle only
 * means that the ready servers agree and the clients have learned what they hold.
 */
public final class Idleness {

    private Idleness() {
    }

    public static String whyNotIdle(int clusterSize, Map<Integer, Optional<PaxosHealth>> healthOfAlive,
            List<ChatClient> clients) {
        if (healthOfAlive.isEmpty()) {
            return null; // nothing can happen any more
        }
        for (Map.Entry<Integer, Optional<PaxosHealth>> e : healthOfAlive.entrySet()) {
            if (e.getValue().isEmpty()) {
                return "server " + e.getKey() + " does not answer its health check";
            }
        }
        if (Quorum.of(clusterSize, healthOfAlive).canDecide()) {
            return whyNotIdleWithMajority(healthOfAlive, clients);
        }
        return whyNotIdleWithoutMajority(healthOfAlive, clients);
    }

    private static String whyNotIdleWithMajority(Map<Integer, Optional<PaxosHealth>> health,
            List<ChatClient> clients) {
        long length = -1;
        boolean someoneLeads = false;
        for (Map.Entry<Integer, Optional<PaxosHealth>> e : health.entrySet()) {
            PaxosHealth h = e.getValue().get();
            if (!isReady(h)) {
                return "server " + e.getKey() + " is not ready yet";
            }
            if (length >= 0 && h.logLength() != length) {
                return "servers disagree on the log length";
            }
            length = h.logLength();
            someoneLeads |= h.leading();
        }
        if (!someoneLeads) {
            return "no server leads";
        }
        for (ChatClient c : clients) {
            if (c.hasUndecided()) {
                return "client " + c.index() + " has undecided messages";
            }
            if (!c.settled() || c.logSize() != length) {
                return "client " + c.index() + " has learned " + c.logSize() + " of " + length + " entries";
            }
        }
        return null;
    }

    private static String whyNotIdleWithoutMajority(Map<Integer, Optional<PaxosHealth>> health,
            List<ChatClient> clients) {
        long length = -1;
        for (Optional<PaxosHealth> h : health.values()) {
            if (!isReady(h.get())) {
                continue; // it can neither recover nor serve now
            }
            if (length >= 0 && h.get().logLength() != length) {
                return "the ready servers disagree on the log length";
            }
            length = h.get().logLength();
        }
        for (ChatClient c : clients) {
            if (c.logSize() < length) {
                return "client " + c.index() + " has learned " + c.logSize() + " of " + length + " entries";
            }
        }
        return null;
    }

    static boolean isReady(PaxosHealth h) {
        return h.ready() && !h.recovering();
    }
}
