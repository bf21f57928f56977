package paxoschat.paxos;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Every request a replica performed, with the seq it got: what exactly-once needs, since a
 * client may retry any (clientId, requestId) at any time and must get the same answer.
 *
 * <p>Kept per client, because a map entry per request (node, key, boxed seq) cost about 90
 * bytes a message, a third of what a server held per message. A client's request ids
 * mostly grow as it sends (the master's clients and a server's anonymous requests count
 * up), so each client keeps two parallel arrays sorted by request id and appends to them:
 * 16 bytes a request. An id that arrives below the client's highest (requests sent
 * concurrently through different servers, decided in another order) goes to a small map
 * instead, so no pattern of ids costs more than a map entry per request.
 */
final class PerformedRequests {

    private final Map<String, Client> clients = new HashMap<>();

    boolean contains(RequestKey key) {
        return seqOf(key).isPresent();
    }

    OptionalLong seqOf(RequestKey key) {
        Client client = clients.get(key.clientId());
        return client == null ? OptionalLong.empty() : client.seqOf(key.requestId());
    }

    /** Records a performed request; it must not have been performed before. */
    void add(RequestKey key, long seq) {
        clients.computeIfAbsent(key.clientId(), id -> new Client()).add(key.requestId(), seq);
    }

    private static final class Client {

        private long[] ids = new long[4];
        private long[] seqs = new long[4];
        private int size;
        /** Request ids below the highest at the time they were performed. */
        private Map<Long, Long> stragglers;

        OptionalLong seqOf(long requestId) {
            int i = Arrays.binarySearch(ids, 0, size, requestId);
            if (i >= 0) {
                return OptionalLong.of(seqs[i]);
            }
            Long seq = stragglers == null ? null : stragglers.get(requestId);
            return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
        }

        void add(long requestId, long seq) {
            if (size == 0 || requestId > ids[size - 1]) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                    seqs = Arrays.copyOf(seqs, size * 2);
                }
                ids[size] = requestId;
                seqs[size] = seq;
                size++;
            } else {
                if (stragglers == null) {
                    stragglers = new HashMap<>();
                }
                stragglers.put(requestId, seq);
            }
        }
    }
}
