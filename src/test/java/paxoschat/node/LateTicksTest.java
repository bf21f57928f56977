package paxoschat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import paxoschat.chat.ChatLogStore;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosConfig;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;
import paxoschat.storage.MemoryStorage;

/**
 * A node thread that fell behind its clock applies the overdue ticks before it handles
 * what queued up meanwhile: the recovery of amnesiac servers counts on a scout counting
 * no promise it handles after its lifetime passed on its node's clock (paxos/Recovery.java).
 */
class LateTicksTest {

    private static final Duration TICK = Duration.ofMillis(5);
    private static final int SCOUT_LIFETIME = 4;

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstP1aSending = new CountDownLatch(1);
    private final CountDownLatch letItGo = new CountDownLatch(1);
    private NodeRunner runner;

    @AfterEach
    void stop() {
        letItGo.countDown();
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void aPromiseQueuedUntilAfterTheScoutsLifetimeIsNotCounted() throws Exception {
        AtomicLong clock = new AtomicLong();
        List<String> peers = List.of("http://127.0.0.1:9000", "http://127.0.0.1:9001", "http://127.0.0.1:9002");
        PaxosProperties properties = new PaxosProperties(0, peers, false, TICK, Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(20), false, 4, 512, 1_000, SCOUT_LIFETIME,
                PaxosConfig.minRecoveryDelayTicks(SCOUT_LIFETIME), 10_000, 8, 50, PaxosProperties.StorageMode.MEMORY,
                "", 0, 8192, 2048, 4096, 0);
        MessageSender sender = new MessageSender() {
            @Override
            public void send(int to, List<Message> messages) {
                sent.addAll(messages);
                if (messages.stream().anyMatch(m -> m instanceof Message.P1a) && firstP1aSending.getCount() > 0) {
                    // The node thread gets no CPU for a while, right after it began to campaign.
                    firstP1aSending.countDown();
                    await(letItGo);
                }
            }

            @Override
            public boolean awaitIdle(Duration max) {
                return true;
            }
        };
        runner = new NodeRunner(properties, sender, new ChatLogStore(), code -> { }, new MemoryStorage(), clock::get);
        runner.start();
        runner.observe(new PeerStatus(1, true, false, false, Ballot.ZERO, 0));
        runner.observe(new PeerStatus(2, true, false, false, Ballot.ZERO, 0));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));

        clock.addAndGet(TICK.toNanos());
        assertThat(firstP1aSending.await(5, TimeUnit.SECONDS)).as("node 0 campaigns").isTrue();
        Ballot ballot = sent.stream().filter(m -> m instanceof Message.P1a).map(m -> ((Message.P1a) m).ballot())
                .findFirst().orElseThrow();

        // Meanwhile the scout's lifetime passes on the node's clock, and a promise for its
        // ballot arrives and waits in the queue, with a client's message behind it.
        clock.addAndGet(3L * SCOUT_LIFETIME * TICK.toNanos());
        runner.receive(List.of(new Message.P1b(1, ballot, List.of(), 0)));
        runner.submit(new Command("c", 1, "alice", "hi"));
        letItGo.countDown();
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));

        assertThat(sent).as("the late promise made no majority: nothing proposed under the old ballot")
                .noneMatch(m -> m instanceof Message.P2a p && p.ballot().equals(ballot));
        assertThat(sent).as("a new scout with a higher ballot")
                .anyMatch(m -> m instanceof Message.P1a p && p.ballot().greaterThan(ballot));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
