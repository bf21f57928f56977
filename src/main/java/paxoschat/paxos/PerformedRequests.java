package paxoschat.paxos;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The exactly-once state: which requests a replica performed, with the seq each got, kept
 * per client session and for a bounded horizon, so that memory does not grow with the log.
 *
 * <p><b>Determinism.</b> Whether a decided command is performed, skipped as a duplicate or
 * refused is a function of this state, and this state is a function of the chat log alone:
 * it changes only when an entry is performed ({@link #add}), in seq order, never when a
 * command is skipped or refused, and never by a clock or by what arrived where. Every
 * replica performs the same log, so every replica classifies every command alike, and one
 * rebuilt from a snapshot's entries ({@code Replica.restore}, {@code install}) is the same as
 * one that performed them. Time is log time: the number of entries performed. (Raft's
 * sessions expire by a time the leader stamps into the log for the same reason; a count of
 * entries needs no stamp and no clock, and it is what memory grows with.) The horizon is a
 * constant of the state machine, not a setting: two servers with different horizons would
 * classify a late duplicate differently, and their logs would diverge.
 *
 * <p><b>The rules</b>, for a command of client c with request id r, H = {@link #HORIZON}:
 * <ol>
 * <li>A performed request is remembered, with its seq, until H more entries are performed:
 *     a retry or a duplicate decision within that gets the same answer and is not performed
 *     again.</li>
 * <li>When it is forgotten, c's floor rises to r: from then on every id of c at or below
 *     the floor is refused ({@link Verdict#TOO_OLD}), whether it was performed or not (a
 *     pipelining client's id that is still undecided H entries after a higher one was
 *     performed is refused too). A clear error, never a second performance.</li>
 * <li>A session ends once it remembers nothing: H entries after c's last performed request.
 *     A client with no session starts one with request id 1 only; any other id is refused
 *     ({@link Verdict#NO_SESSION}), since it may be a retry of a request of a session that
 *     ended (Raft's SESSION_EXPIRED). So a client that resumes after a long pause, or that
 *     numbers its requests from elsewhere than 1, must take a new client id.</li>
 * </ol>
 * The one retry these rules cannot tell from a new request: request 1 of a client whose
 * session ended, sent again more than H entries after that client's last performed request.
 * Client ids are chosen by clients and nothing in such a retry says it is one; closing that
 * gap takes ids the cluster hands out (Raft's RegisterClient), or memory that grows with the
 * number of clients ever seen. Retries come seconds after the request (the request timeout
 * is 5 s), H entries are minutes of writes at full speed, and a replica's own resends and a
 * new leader's re-proposals lag by far fewer entries than H.
 *
 * <p><b>Memory.</b> Every remembered request was performed within the last H entries, and
 * every session remembers at least one: at most H of each, whatever the load and however
 * many clients come and go. A session that sends once costs two small objects and a map
 * entry; a request remembered beyond a session's first costs a map entry.
 */
final class PerformedRequests {

    /** Entries a performed request is remembered for (see the class comment). */
    static final long HORIZON = 1 << 17;

    /** What the exactly-once state says of a request. */
    enum Verdict {
        /** Not performed, and it may be. */
        NEW,
        /** Performed, and remembered: its seq is known. */
        PERFORMED,
        /** At or below its client's floor: it may have been performed before. */
        TOO_OLD,
        /** Its client has no session, and it is not a session's first request (id 1). */
        NO_SESSION;

        /** Why a request with this verdict is refused; null for NEW and PERFORMED. */
        String reason(RequestKey key, long horizon) {
            return switch (this) {
                case NEW, PERFORMED -> null;
                case TOO_OLD -> "requestId " + key.requestId() + " of client '" + key.clientId() + "' is older than the"
                        + " exactly-once horizon (a request is remembered for " + horizon + " messages after it is in"
                        + " the log): it may or may not have been performed before, and is not performed now; send"
                        + " new messages with higher request ids";
                case NO_SESSION -> "client '" + key.clientId() + "' has no session: a new client's first requestId"
                        + " must be 1, and a session ends " + horizon + " messages after its last one; if this is a"
                        + " retry, it may or may not have been performed; use a new clientId";
            };
        }
    }

    private final long horizon;
    private final Map<String, Session> sessions = new HashMap<>();
    /** Remembered requests, oldest first: forgotten in this order, horizon entries after. */
    private final ArrayDeque<Remembered> recent = new ArrayDeque<>();

    PerformedRequests() {
        this(HORIZON);
    }

    /** With another horizon: tests only (every replica of a cluster must use the same). */
    PerformedRequests(long horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive");
        }
        this.horizon = horizon;
    }

    long horizon() {
        return horizon;
    }

    /** Sessions held (tests, diagnostics). */
    int sessions() {
        return sessions.size();
    }

    /** Requests remembered (tests, diagnostics). */
    int remembered() {
        return recent.size();
    }

    Verdict verdict(RequestKey key) {
        Session s = sessions.get(key.clientId());
        if (s == null) {
            return key.requestId() == 1 ? Verdict.NEW : Verdict.NO_SESSION;
        }
        if (key.requestId() <= s.floor) {
            return Verdict.TOO_OLD;
        }
        return s.seqOf(key.requestId()) >= 0 ? Verdict.PERFORMED : Verdict.NEW;
    }

    /** The seq of a performed request that is still remembered, or -1. */
    long seqOf(RequestKey key) {
        Session s = sessions.get(key.clientId());
        return s == null || key.requestId() <= s.floor ? -1 : s.seqOf(key.requestId());
    }

    /**
     * Records the entry performed at {@code seq}, the next in the log ({@link Verdict#NEW}
     * for this state, or read back from a snapshot's log), and forgets what is now older than
     * the horizon.
     */
    void add(RequestKey key, long seq) {
        Session s = sessions.get(key.clientId());
        if (s == null) {
            s = new Session(key.clientId());
            sessions.put(key.clientId(), s);
        }
        s.remember(key.requestId(), seq);
        recent.addLast(new Remembered(s, key.requestId(), seq));
        Remembered oldest;
        while ((oldest = recent.peekFirst()) != null && oldest.seq <= seq - horizon) {
            recent.removeFirst();
            if (oldest.session.forget(oldest.requestId)) {
                sessions.remove(oldest.session.clientId);
            }
        }
    }

    private record Remembered(Session session, long requestId, long seq) {
    }

    /**
     * One client's session: its floor, and the requests above it that it performed within
     * the horizon. The first is held in two fields, since most clients that come and go send
     * once; a map comes with the second.
     */
    private static final class Session {
        final String clientId;
        long floor;
        long firstId = -1;
        long firstSeq;
        Map<Long, Long> more;

        Session(String clientId) {
            this.clientId = clientId;
        }

        long seqOf(long requestId) {
            if (requestId == firstId) {
                return firstSeq;
            }
            Long seq = more == null ? null : more.get(requestId);
            return seq == null ? -1 : seq;
        }

        void remember(long requestId, long seq) {
            if (firstId < 0) {
                firstId = requestId;
                firstSeq = seq;
            } else {
                if (more == null) {
                    more = new HashMap<>(4);
                }
                more.put(requestId, seq);
            }
        }

        /** Forgets {@code requestId}, raising the floor to it; true if nothing is left. */
        boolean forget(long requestId) {
            floor = Math.max(floor, requestId);
            if (requestId == firstId) {
                firstId = -1;
            } else if (more != null) {
                more.remove(requestId);
            }
            if (firstId < 0 && more != null && !more.isEmpty()) {
                // Keep the two-field slot filled, so that emptiness is one test.
                Map.Entry<Long, Long> any = more.entrySet().iterator().next();
                firstId = any.getKey();
                firstSeq = any.getValue();
                more.remove(firstId);
            }
            return firstId < 0;
        }
    }
}
