package paxoschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import paxoschat.chat.ChatLogStore;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;

/** The node thread without Spring or HTTP: in-memory twins for the transport and the halt. */
class NodeRunnerTest {

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger haltedWith = new AtomicInteger(-1);
    private final ChatLogStore store = new ChatLogStore();
    private NodeRunner runner;

    private NodeRunner start(int node, int size) {
        List<String> peers = java.util.stream.IntStream.range(0, size).mapToObj(i -> "http://127.0.0.1:" + (9000 + i)).toList();
        PaxosProperties properties = new PaxosProperties(node, peers, false, Duration.ofMillis(5), Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), false, 64, 512, 5, 25, 25, 10_000, 8, 50,
                PaxosProperties.StorageMode.MEMORY, "", 0, 2048, 4096);
        MessageSender sender = new MessageSender() {
            @Override
            public void send(int to, List<Message> messages) {
                sent.addAll(messages);
            }

            @Override
            public boolean awaitIdle(Duration max) {
                flushes.incrementAndGet();
                return true;
            }
        };
        runner = new NodeRunner(properties, sender, store, haltedWith::set);
        runner.start();
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void aSingleNodeDecidesOnItsOwnThreadAndAnswersRetriesAtOnce() throws Exception {
        start(0, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().ready());
        ChatEntry first = runner.submit(new Command("c", 1, "alice", "hi")).get(5, TimeUnit.SECONDS);
        assertThat(first.seq()).isZero();
        assertThat(store.read(0, 10).entries()).containsExactly(first);
        // A retry of a performed request completes with the original entry, and adds nothing.
        assertThat(runner.submit(new Command("c", 1, "alice", "hi")).get(5, TimeUnit.SECONDS)).isEqualTo(first);
        assertThat(store.length()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().logLength() == 1);
        assertThat(sent).as("a one-node cluster sends nothing over the network").isEmpty();
    }

    @Test
    void aTimeBombOfZeroFlushesThenHalts() throws Exception {
        start(0, 1);
        runner.armTimeBomb(0).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> haltedWith.get() == 1);
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(runner.view().crashed()).isTrue();
    }

    @Test
    void withoutAMajorityASubmissionWaitsAndCanBeAbandoned() {
        start(0, 3);
        CompletableFuture<ChatEntry> pending = runner.submit(new Command("c", 1, "bob", "later"));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(pending).isNotDone();
        pending.cancel(false);
        // The node thread is still healthy afterwards.
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
    }
}
