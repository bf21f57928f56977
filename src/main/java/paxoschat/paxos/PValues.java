package paxoschat.paxos;

import java.util.Collection;
import java.util.Map;

/** PMMC's pmax: per slot, the pvalue with the highest ballot. */
final class PValues {

    private PValues() {
    }

    static void mergeInto(Map<Long, PValue> pmax, Collection<PValue> pvalues) {
        for (PValue pv : pvalues) {
            pmax.merge(pv.slot(), pv, (a, b) -> b.ballot().greaterThan(a.ballot()) ? b : a);
        }
    }
}
