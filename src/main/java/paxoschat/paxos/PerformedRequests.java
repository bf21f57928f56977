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
        Client client = clients.get(key.clientId());
        if (client == null) {
            clients.put(key.clientId(), new Client(key.requestId(), seq));
        } else {
            client.add(key.requestId(), seq);
        }
    }

    /**
     * One client's performed requests. Its first request is held in two fields, so a client
     * that sends once (a fresh id per message) costs about what a map entry did; arrays come
     * with the second.
     */
    private static final class Client {

        private final long firstId;
        private final long firstSeq;
        /** From the second request on: ids in ascending order, and their seqs. */
        private long[] ids;
        private long[] seqs;
        private int size;
        /** Request ids below the highest at the time they were performed. */
        private Map<Long, Long> stragglers;

        Client(long requestId, long seq) {
            firstId = requestId;
            firstSeq = seq;
            size = 1;
        }

        OptionalLong seqOf(long requestId) {
            if (ids == null) {
                if (requestId == firstId) {
                    return OptionalLong.of(firstSeq);
                }
            } else {
                int i = Arrays.binarySearch(ids, 0, size, requestId);
                if (i >= 0) {
                    return OptionalLong.of(seqs[i]);
                }
            }
            Long seq = stragglers == null ? null : stragglers.get(requestId);
            return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
        }

        void add(long requestId, long seq) {
            long highest = ids == null ? firstId : ids[size - 1];
            if (requestId <= highest) {
                if (stragglers == null) {
                    stragglers = new HashMap<>();
                }
                stragglers.put(requestId, seq);
                return;
            }
            if (ids == null) {
                ids = new long[] {firstId, requestId, 0, 0};
                seqs = new long[] {firstSeq, seq, 0, 0};
                size = 2;
                return;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                seqs = Arrays.copyOf(seqs, size * 2);
            }
            ids[size] = requestId;
            seqs[size] = seq;
            size++;
        }
    }
}
