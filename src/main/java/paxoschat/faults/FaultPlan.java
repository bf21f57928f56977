package paxoschat.faults;

import java.util.Set;

/**
 * The network faults one server applies to its own server-to-server traffic (Paxos messages
 * and heartbeat polls; client traffic is never touched). A plan replaces the previous one
 * as a whole; {@link #NONE} heals.
 *
 * @param blockedPeers     peers cut off both ways: nothing is sent to them, nothing from
 *                         them is delivered, and their heartbeats fail
 * @param dropOutgoingTo   peers this server's messages are dropped to (one way)
 * @param dropIncomingFrom peers whose messages this server drops on arrival (one way)
 * @param delayMillis      outgoing batches leave after a random delay in
 *                         [delayMillis / 2, delayMillis]; batches overtake each other
 * @param duplicate        every delivered batch is delivered a second time a little later
 */
public record FaultPlan(Set<Integer> blockedPeers, Set<Integer> dropOutgoingTo, Set<Integer> dropIncomingFrom,
                        long delayMillis, boolean duplicate) {

    public static final FaultPlan NONE = new FaultPlan(Set.of(), Set.of(), Set.of(), 0, false);

    public FaultPlan {
        blockedPeers = Set.copyOf(blockedPeers);
        dropOutgoingTo = Set.copyOf(dropOutgoingTo);
        dropIncomingFrom = Set.copyOf(dropIncomingFrom);
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delayMillis must not be negative");
        }
    }

    public boolean dropsOutgoing(int to) {
        return blockedPeers.contains(to) || dropOutgoingTo.contains(to);
    }

    public boolean dropsIncoming(int from) {
        return blockedPeers.contains(from) || dropIncomingFrom.contains(from);
    }

    /**
     * A heartbeat is a request and its answer, so any cut link between the two servers, in
     * either direction, makes it fail: a partitioned peer looks dead to the failure detector.
     */
    public boolean cutsHeartbeat(int peer) {
        return blockedPeers.contains(peer) || dropOutgoingTo.contains(peer) || dropIncomingFrom.contains(peer);
    }
}
