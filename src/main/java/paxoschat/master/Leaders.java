package paxoschat.master;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Who leads, as the servers themselves report it. */
public final class Leaders {

    private Leaders() {
    }

    /**
     * The live server that says it leads with the highest ballot: after a partition or a
     * slow failure detector two may think they lead, and the higher ballot is the one the
     * acceptors follow.
     */
    public static OptionalInt current(Map<Integer, Optional<PaxosHealth>> healthOfAlive) {
        int best = -1;
        PaxosHealth bestHealth = null;
        for (Map.Entry<Integer, Optional<PaxosHealth>> e : healthOfAlive.entrySet()) {
            Optional<PaxosHealth> h = e.getValue();
            if (h.isPresent() && h.get().leading()
                    && (bestHealth == null || h.get().compareBallot(bestHealth) > 0)) {
                best = e.getKey();
                bestHealth = h.get();
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
