package paxoschat.paxos;

import java.util.HashMap;
import java.util.Map;

/**
 * The exactly-once state: which requests a replica performed, with the seq each got, kept
 * per client session and for a bounded horizon, so that memory does not grow with the log;
 * and the rules that refuse, never perform twice, what is older than that horizon.
 *
 * <p><b>Determinism.</b> Whether a decided command is performed, skipped as a duplicate or
 * refused is a function of this state and of the seq the command would get (its
 * <i>position</i>, the log's length then), and this state is a function of the chat log
 * alone: it changes only when an entry is performed ({@link #add}), in seq order, never when
 * a command is skipped or refused, and never by a clock or by what arrived where. Every
 * replica performs the same log, so every replica classifies every command alike, and one
 * rebuilt from a snapshot's entries ({@code Replica.restore}, {@code install}) is the same as
 * one that performed them. Time is log time: the number of entries performed. (Raft's
 * sessions expire by a time the leader stamps into the log for the same reason; a count of
 * entries needs no stamp and no clock, and it is what memory grows with.) The horizon is a
 * constant of the state machine, not a setting: two servers with different horizons would
 * classify a late duplicate differently, and their logs would diverge.
 *
 * <p><b>A client id names its birth.</b> A client id of the form {@code NAME@B}, B a
 * decimal number of at most 18 digits, says that the client was born when the log was B
 * entries long: B is a log length the client has seen (GET /chatlog's {@code length}, or
 * the seq of any answer) before its first request. Any other id is born at 0. The server
 * makes such ids for requests without one ({@code chat/ChatService}). A request can only be
 * performed at a position at or after its client's birth, so the birth bounds from below
 * every seq the client's requests ever got, and that lets the rules below tell a client
 * that never had a session from one whose session ended, with nothing kept for ended ones.
 *
 * <p><b>The rules</b>, for a command of client c born at B with request id r, to be
 * performed at position p, H = {@link #HORIZON}:
 * <ol>
 * <li>A performed request is remembered, with its seq, until H more entries are performed:
 *     a retry or a duplicate decision within that gets the same answer and is not performed
 *     again.</li>
 * <li>When it is forgotten, c's floor rises to r: from then on every id of c at or below
 *     the floor is refused ({@link Verdict#TOO_OLD}), whether it was performed or not (a
 *     pipelining client's id that is still undecided H entries after a higher one was
 *     performed is refused too). A clear error, never a second performance.</li>
 * <li>A session ends once it remembers nothing: H entries after c's last performed request.
 *     Without a session, c's request is refused if B &gt; p ({@link Verdict#UNBORN}: the id
 *     names a log the cluster has not reached, so it is no honest birth), and if
 *     p - B &ge; H ({@link Verdict#EXPIRED}); otherwise any request id is new.</li>
 * </ol>
 * Why that is exact: every request of c was performed at a seq q &ge; B (rule 3 refuses
 * it earlier, and a session begins only with such a request). A session ends only when an
 * entry at q + H or later is performed, q its last request's seq, so at every later position
 * p - B &ge; H. Hence a client without a session and p - B &lt; H never had a request
 * performed, and a client whose session ended is refused for good: a retry of any of its
 * requests, however late, is refused, never performed twice (the gap of a horizon keyed by
 * client-chosen names alone, where request 1 of an ended session looked like a new client's).
 * The price: a client must take a new id to send after its session ended, or after H
 * entries without a session; an id without {@code @B} can begin a session only in the log's
 * first H entries. Retries come seconds after the request (the request timeout is 5 s), H
 * entries are minutes of writes at full speed, and a replica's own resends and a new
 * leader's re-proposals lag by far fewer entries than H.
 *
 * <p><b>Memory.</b> Every remembered request was performed within the last H entries, and
 * every session remembers at least one: at most H of each, whatever the load and however
 * many clients come and go; nothing is kept of a session that ended. A session that sends
 * once costs two small objects and a map entry; a request remembered beyond a session's
 * first costs a map entry.
 */
final class PerformedRequests {

    /** Entries a performed request is remembered for (see the class comment). */
    static final long HORIZON = RequestKey.EXACTLY_ONCE_HORIZON;

    /** What the exactly-once state says of a request. */
    enum Verdict {
        /** Not performed, and it may be. */
        NEW(false),
        /** Performed, and remembered: its seq is known. */
        PERFORMED(false),
        /** At or below its client's floor: it may have been performed before. */
        TOO_OLD(true),
        /** Its client has no session and was born H entries or more before: its session may have ended. */
        EXPIRED(true),
        /** Its client has no session and names a birth beyond the request's position. */
        UNBORN(false);

        private final boolean forGood;

        Verdict(boolean forGood) {
            this.forGood = forGood;
        }

        /**
         * True for a refusal that holds at every later position too, so that a request can
         * be refused before it is ordered. UNBORN does not: the log may reach the birth.
         */
        boolean refusedForGood() {
            return forGood;
        }

        /** Why a request with this verdict at {@code position} is refused; null for NEW and PERFORMED. */
        String reason(RequestKey key, long horizon, long position) {
            return switch (this) {
                case NEW, PERFORMED -> null;
                case TOO_OLD -> "requestId " + key.requestId() + " of client '" + key.clientId() + "' is older than the"
                        + " exactly-once horizon (a request is remembered for " + horizon + " messages after it is in"
                        + " the log): it may or may not have been performed before, and is not performed now; send"
                        + " new messages with higher request ids";
                case EXPIRED -> "client '" + key.clientId() + "' has no session and was born at log position "
                        + bornAt(key.clientId()) + " (an id without '@POSITION' at 0), " + horizon + " messages or more"
                        + " ago: a session it had has ended, so none of its requests is performed any more; if this"
                        + " is a retry, it may or may not have been performed; use a new clientId NAME@POSITION, with"
                        + " POSITION a log length you have seen (GET /chatlog's 'length'), or send no clientId";
                case UNBORN -> "client '" + key.clientId() + "' names log position " + bornAt(key.clientId())
                        + " as its birth, but the log had " + position + " messages when this request came to be"
                        + " performed: a clientId NAME@POSITION names a log length the client has seen (GET"
                        + " /chatlog's 'length')";
            };
        }
    }

    /** Digits a birth may have: 18 always fit in a long. */
    private static final int MAX_BIRTH_DIGITS = 18;

    /** The log length a client id names as its client's birth: B of NAME@B, else 0. */
    static long bornAt(String clientId) {
        int at = clientId.lastIndexOf('@');
        int digits = clientId.length() - at - 1;
        if (at < 0 || digits < 1 || digits > MAX_BIRTH_DIGITS) {
            return 0;
        }
        long born = 0;
        for (int i = at + 1; i < clientId.length(); i++) {
            char ch = clientId.charAt(i);
            if (ch < '0' || ch > '9') {
                return 0;
            }
            born = born * 10 + (ch - '0');
        }
        return born;
    }

    private final long horizon;
    private final Map<String, Session> sessions = new HashMap<>();
    /** Remembered requests, oldest first: forgotten in this order, horizon entries after. */
    private final Remembered recent = new Remembered();

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

    /** The verdict on {@code key} if it were performed at {@code position}, the log's length then. */
    Verdict verdict(RequestKey key, long position) {
        Session s = sessions.get(key.clientId());
        if (s == null) {
            long born = bornAt(key.clientId());
            if (born > position) {
                return Verdict.UNBORN;
            }
            return position - born >= horizon ? Verdict.EXPIRED : Verdict.NEW;
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
        recent.addLast(s, key.requestId(), seq);
        while (!recent.isEmpty() && recent.firstSeq() <= seq - horizon) {
            Session oldest = recent.firstSession();
            if (oldest.forget(recent.firstRequestId())) {
                sessions.remove(oldest.clientId);
            }
            recent.removeFirst();
        }
    }

    /**
     * The remembered requests in the order they were performed, in parallel arrays used as
     * a ring: up to a horizon of them stay for minutes, and a record each would be as many
     * long-lived objects for the garbage collector to copy.
     */
    private static final class Remembered {
        private Session[] sessions = new Session[16];
        private long[] requestIds = new long[16];
        private long[] seqs = new long[16];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }

        void addLast(Session session, long requestId, long seq) {
            if (size == seqs.length) {
                grow();
            }
            int i = (head + size) & (seqs.length - 1);
            sessions[i] = session;
            requestIds[i] = requestId;
            seqs[i] = seq;
            size++;
        }

        Session firstSession() {
            return sessions[head];
        }

        long firstRequestId() {
            return requestIds[head];
        }

        long firstSeq() {
            return seqs[head];
        }

        void removeFirst() {
            sessions[head] = null;
            head = (head + 1) & (seqs.length - 1);
            size--;
        }

        private void grow() {
            int n = seqs.length;
            Session[] s = new Session[2 * n];
            long[] r = new long[2 * n];
            long[] q = new long[2 * n];
            for (int k = 0; k < size; k++) {
                int i = (head + k) & (n - 1);
                s[k] = sessions[i];
                r[k] = requestIds[i];
                q[k] = seqs[i];
            }
            sessions = s;
            requestIds = r;
            seqs = q;
            head = 0;
        }
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
        LongLongMap more;

        Session(String clientId) {
            this.clientId = clientId;
        }

        long seqOf(long requestId) {
            if (requestId == firstId) {
                return firstSeq;
            }
            return more == null ? -1 : more.get(requestId);
        }

        void remember(long requestId, long seq) {
            if (firstId < 0) {
                firstId = requestId;
                firstSeq = seq;
            } else {
                if (more == null) {
                    more = new LongLongMap();
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
                firstId = more.anyKey();
                firstSeq = more.get(firstId);
                more.remove(firstId);
            }
            if (more != null && more.isEmpty()) {
                more = null;
            }
            return firstId < 0;
        }
    }
}
