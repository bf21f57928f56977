package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
        assertThat(performed.verdict(key("a", 2))).isEqualTo(Verdict.PERFORMED);
        assertThat(performed.verdict(key("b", 2))).isEqualTo(Verdict.NEW);
        assertThat(performed.verdict(key("c", 1))).isEqualTo(Verdict.NEW);
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
        assertThat(performed.verdict(key("a", 4))).isEqualTo(Verdict.NEW);
        assertThat(performed.verdict(key("a", 13))).isEqualTo(Verdict.NEW);
    }

    @Test
    void aNewClientStartsWithRequestOneAndAnyOtherFirstIdIsRefused() {
        assertThat(performed.verdict(key("new", 1))).isEqualTo(Verdict.NEW);
        assertThat(performed.verdict(key("new", 2))).isEqualTo(Verdict.NO_SESSION);
        assertThat(performed.verdict(key("new", 2)).reason(key("new", 2), 5)).contains("has no session")
                .contains("use a new clientId");
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
        assertThat(p.verdict(key("a", 1))).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.seqOf(key("a", 1))).isEqualTo(-1);
        assertThat(p.verdict(key("a", 5))).isEqualTo(Verdict.PERFORMED);
        // An id between the two, never performed: still welcome while 5 is remembered...
        assertThat(p.verdict(key("a", 3))).isEqualTo(Verdict.NEW);
        p.add(key("y", 1), 11);
        // ...but once 5 is forgotten, everything up to it is refused: it may have been performed.
        assertThat(p.verdict(key("a", 3))).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.verdict(key("a", 5))).isEqualTo(Verdict.TOO_OLD);
        assertThat(p.verdict(key("a", 5)).reason(key("a", 5), 10)).contains("older than the exactly-once horizon")
                .contains("may or may not have been performed");
        assertThat(p.verdict(key("a", 7))).isEqualTo(Verdict.PERFORMED);
        assertThat(p.verdict(key("a", 6))).isEqualTo(Verdict.NEW);
        for (long seq = 12; seq < 20; seq++) {
            p.add(key("more-" + seq, 1), seq);
        }
        // With nothing left to remember the session ends; a later request cannot start one.
        assertThat(p.verdict(key("a", 7))).isEqualTo(Verdict.NO_SESSION);
        assertThat(p.verdict(key("a", 8))).isEqualTo(Verdict.NO_SESSION);
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
            RequestKey k = b < busy.length ? key("busy-" + b, ++busy[b]) : key("c" + i, 1);
            assertThat(p.verdict(k)).isEqualTo(Verdict.NEW);
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
            if (live.verdict(k) == Verdict.NEW) {
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
                assertThat(rebuilt.verdict(k)).as("%s", k).isEqualTo(live.verdict(k));
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
                if (performed.verdict(key) == Verdict.NO_SESSION) {
                    continue; // moved before its client's first request: refused, not performed
                }
                assertThat(performed.verdict(key)).isEqualTo(Verdict.NEW);
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
