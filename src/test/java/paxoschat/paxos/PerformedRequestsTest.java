package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import paxoschat.paxos.PerformedRequests.Verdict;

class PerformedRequestsTest {

    private final PerformedRequests performed = new PerformedRequests();

    private static RequestKey key(String client, long id) {
        return new RequestKey(client, id);
    }

    @Test
    void remembersEachRequestWithItsSeq() {
        performed.add(key("a", 1), 0);
        performed.add(key("b", 1), 1);
        performed.add(key("a", 2), 2);

        assertThat(performed.seqOf(key("a", 1))).isEqualTo(0);
        assertThat(performed.seqOf(key("b", 1))).isEqualTo(1);
        assertThat(performed.seqOf(key("a", 2))).isEqualTo(2);
        assertThat(performed.verdict(key("a", 2), 3)).isEqualTo(Verdict.PERFORMED);
        assertThat(performed.verdict(key("b", 2), 3)).isEqualTo(Verdict.NEW);
        assertThat(performed.verdict(key("c", 1), 3)).isEqualTo(Verdict.NEW);
    }

    @Test
    void requestIdsBelowTheHighestAreFoundToo() {
        performed.add(key("a", 1), 0);
        performed.add(key("a", 10), 1);
        performed.add(key("a", 3), 2);
        performed.add(key("a", 12), 3);
        performed.add(key("a", 11), 4);

        assertThat(performed.seqOf(key("a", 3))).isEqualTo(2);
        assertThat(performed.seqOf(key("a", 11))).isEqualTo(4);
        assertThat(performed.seqOf(key("a", 12))).isEqualTo(3);
        assertThat(performed.verdict(key("a", 4), 5)).isEqualTo(Verdict.NEW);
        assertThat(performed.verdict(key("a", 13), 5)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aClientIdNamesItsBirthAfterItsLastAt() {
        assertThat(PerformedRequests.bornAt("alice")).isZero();
        assertThat(PerformedRequests.bornAt("alice@120")).isEqualTo(120);
        assertThat(PerformedRequests.bornAt("a@b@7")).isEqualTo(7);
        assertThat(PerformedRequests.bornAt("a@7b")).isZero();
        assertThat(PerformedRequests.bornAt("a@")).isZero();
        assertThat(PerformedRequests.bornAt("@5")).isEqualTo(5);
        assertThat(PerformedRequests.bornAt("a@" + "9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        assertThat(PerformedRequests.bornAt("a@" + "9".repeat(19))).as("not a birth: too long").isZero();
        assertThat(PerformedRequests.bornAt("a@-3")).isZero();
        assertThat(PerformedRequests.bornAt("a@\u0663")).as("ASCII digits only").isZero();
    }

    @Test
    void aNewClientWithinTheHorizonOfItsBirthMayStartWithAnyRequestId() {
        PerformedRequests p = new PerformedRequests(10);
        assertThat(p.verdict(key("new", 1), 0)).isEqualTo(Verdict.NEW);
        assertThat(p.verdict(key("new", 7), 9)).isEqualTo(Verdict.NEW);
        assertThat(p.verdict(key("new@5", 3), 14)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aClientWithoutASessionBornAHorizonAgoOrMoreIsRefusedForGood() {
        PerformedRequests p = new PerformedRequests(10);
        assertThat(p.verdict(key("free-form", 1), 10)).isEqualTo(Verdict.EXPIRED);
        assertThat(p.verdict(key("late@5", 1), 15)).isEqualTo(Verdict.EXPIRED);
        assertThat(p.verdict(key("late@5", 1), 15).refusedForGood()).isTrue();
        assertThat(p.verdict(key("late@5", 1), 15).reason(key("late@5", 1), 10, 15))
                .contains("born at log position 5").contains("has ended").contains("use a new clientId NAME@POSITION");
    }

    @Test
    void aClientNamingABirthTheLogHasNotReachedIsRefusedThere() {
        PerformedRequests p = new PerformedRequests(10);
        assertThat(p.verdict(key("early@5", 1), 4)).isEqualTo(Verdict.UNBORN);
        assertThat(p.verdict(key("early@5", 1), 4).refusedForGood()).as("the log may reach 5").isFalse();
        assertThat(p.verdict(key("early@5", 1), 4).reason(key("early@5", 1), 10, 4))
                .contains("names log position 5").contains("the log had 4 messages");
        assertThat(p.verdict(key("early@5", 1), 5)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aRequestIsRememberedForTheHorizonThenItsIdAndThoseBelowAreRefused() {
        PerformedRequests p = new PerformedRequests(10);
        p.add(key("a", 1), 0);
        p.add(key("a", 5), 1);
        for (long seq = 2; seq < 9; seq++) {
            p.add(key("other-" + seq, 1), seq);
        }
        p.add(key("a", 7), 9);
        assertThat(p.seqOf(key("a", 1))).isEqualTo(0);
        p.add(key("x", 1), 10); // request 1 of "a" is 10 entries old now
        assertThat(p.verdict(key("a", 1), 11)).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.seqOf(key("a", 1))).isEqualTo(-1);
        assertThat(p.verdict(key("a", 5), 11)).isEqualTo(Verdict.PERFORMED);
        // An id between the two, never performed: still welcome while 5 is remembered...
        assertThat(p.verdict(key("a", 3), 11)).isEqualTo(Verdict.NEW);
        p.add(key("y", 1), 11);
        // ...but once 5 is forgotten, everything up to it is refused: it may have been performed.
        assertThat(p.verdict(key("a", 3), 12)).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.verdict(key("a", 5), 12)).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.verdict(key("a", 5), 12).reason(key("a", 5), 10, 12)).contains("older than the exactly-once horizon")
                .contains("may or may not have been performed");
        assertThat(p.verdict(key("a", 7), 12)).isEqualTo(Verdict.PERFORMED);
        assertThat(p.verdict(key("a", 6), 12)).isEqualTo(Verdict.NEW);
        for (long seq = 12; seq < 20; seq++) {
            p.add(key("more-" + seq, 1), seq);
        }
        // With nothing left to remember the session ends; no request of it is performed any
        // more, request 1 and the last one included: a retry, however late, is never new.
        assertThat(p.verdict(key("a", 7), 20)).isEqualTo(Verdict.EXPIRED);
        assertThat(p.verdict(key("a", 8), 20)).isEqualTo(Verdict.EXPIRED);
        assertThat(p.verdict(key("a", 1), 20)).isEqualTo(Verdict.EXPIRED);
    }

    /**
     * The exactly-once promise with a small horizon and every kind of client: long-lived
     * ones, ones that come back after a pause, new ones born now or a while ago, and retries
     * of any request ever sent, however late. Nothing performed is ever NEW again, and the
     * memory stays within the horizon.
     */
    @Test
    void noRequestIsPerformedTwiceHoweverLateItsRetry() {
        int horizon = 50;
        PerformedRequests p = new PerformedRequests(horizon);
        Random random = new Random(23);
        Set<RequestKey> done = new HashSet<>();
        List<RequestKey> sent = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        List<String> clients = new ArrayList<>(List.of("free-form-a", "free-form-b"));
        long seq = 0;
        int refused = 0;
        int retriedLate = 0;
        for (int i = 0; i < 200_000; i++) {
            int roll = random.nextInt(10);
            RequestKey k;
            if (roll < 3 && !sent.isEmpty()) {
                k = sent.get(random.nextInt(sent.size())); // a retry of anything ever sent
            } else {
                if (roll == 3) {
                    // A new client, born at a length it saw: now, or a while ago.
                    clients.add("c" + i + "@" + Math.max(0, seq - random.nextInt(2 * horizon)));
                }
                String c = clients.get(clients.size() - 1 - random.nextInt(Math.min(clients.size(), 20)));
                k = key(c, next.merge(c, 1L, Long::sum));
                sent.add(k);
            }
            Verdict v = p.verdict(k, seq);
            if (done.contains(k)) {
                assertThat(v).as("%s at %d", k, seq).isIn(Verdict.PERFORMED, Verdict.TOO_OLD, Verdict.EXPIRED);
                if (v != Verdict.PERFORMED) {
                    retriedLate++;
                }
            } else if (v == Verdict.NEW) {
                p.add(k, seq++);
                done.add(k);
            } else {
                refused++;
            }
            assertThat(p.remembered()).isLessThanOrEqualTo(horizon);
            assertThat(p.sessions()).isLessThanOrEqualTo(horizon);
        }
        assertThat(retriedLate).as("late retries tried").isGreaterThan(1_000);
        assertThat(refused).as("late or expired new requests").isGreaterThan(1_000);
        assertThat(seq).as("performed").isGreaterThan(50_000);
    }

    @Test
    void memoryStaysWithinTheHorizonWhateverTheClientsDo() {
        PerformedRequests p = new PerformedRequests(1_000);
        Random random = new Random(7);
        long seq = 0;
        long[] busy = new long[3];
        for (int i = 0; i < 50_000; i++) {
            // A new client per request, now and then one of a few long-lived ones sending many.
            int b = random.nextInt(30);
            RequestKey k = b < busy.length ? key("busy-" + b, ++busy[b]) : key("c" + i + "@" + seq, 1);
            assertThat(p.verdict(k, seq)).isEqualTo(Verdict.NEW);
            p.add(k, seq++);
            assertThat(p.remembered()).isLessThanOrEqualTo(1_000);
            assertThat(p.sessions()).isLessThanOrEqualTo(1_000);
        }
    }

    /**
     * Determinism: the state depends only on the entries performed, in order. One rebuilt
     * from a log's entries (a snapshot) answers every question as the one that performed
     * them, whatever was refused or skipped on the way.
     */
    @Test
    void aStateRebuiltFromTheLogAgreesWithTheOneThatPerformedIt() {
        PerformedRequests live = new PerformedRequests(300);
        Random random = new Random(11);
        List<RequestKey> log = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String client = "c" + random.nextInt(60);
            long id = random.nextInt(4) == 0 ? 1 + random.nextInt(40) : next.merge(client, 1L, Long::sum);
            RequestKey k = key(client, id);
            if (live.verdict(k, log.size()) == Verdict.NEW) {
                live.add(k, log.size());
                log.add(k);
            }
        }
        PerformedRequests rebuilt = new PerformedRequests(300);
        for (int seq = 0; seq < log.size(); seq++) {
            rebuilt.add(log.get(seq), seq);
        }
        for (int c = 0; c < 61; c++) {
            for (long id = 1; id < 200; id++) {
                RequestKey k = key("c" + c, id);
                assertThat(rebuilt.verdict(k, log.size())).as("%s", k).isEqualTo(live.verdict(k, log.size()));
                assertThat(rebuilt.seqOf(k)).as("%s", k).isEqualTo(live.seqOf(k));
            }
        }
    }

    @Test
    void agreesWithAMapOnManyClientsWithShuffledIdsWithinTheHorizon() {
        Random random = new Random(42);
        Map<RequestKey, Long> expected = new HashMap<>();
        List<RequestKey> keys = new ArrayList<>();
        for (int client = 0; client < 20; client++) {
            keys.add(key("client-" + client, 1));
            for (long id = 2; id <= (client % 5 == 0 ? 1 : 500); id++) {
                keys.add(key("client-" + client, id * (1 + random.nextInt(3))));
            }
        }
        // Mostly in order, with a tenth of the requests moved elsewhere, as concurrent sends do;
        // every client's first request stays first.
        for (int i = 0; i < keys.size() / 10; i++) {
            int a = random.nextInt(keys.size());
            int b = random.nextInt(keys.size());
            if (keys.get(a).requestId() != 1 && keys.get(b).requestId() != 1) {
                Collections.swap(keys, a, b);
            }
        }
        long seq = 0;
        for (RequestKey key : keys) {
            if (!expected.containsKey(key)) {
                assertThat(performed.verdict(key, seq)).isEqualTo(Verdict.NEW);
                performed.add(key, seq);
                expected.put(key, seq++);
            }
        }
        for (int client = 0; client < 21; client++) {
            for (long id = 1; id <= 1600; id++) {
                RequestKey key = key("client-" + client, id);
                Long want = expected.get(key);
                assertThat(performed.seqOf(key)).as("%s", key).isEqualTo(want == null ? -1 : want);
            }
        }
    }
}
