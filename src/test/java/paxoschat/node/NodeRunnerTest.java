package paxoschat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.chat.ChatLogStore;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Message;
import paxoschat.paxos.PaxosConfig;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;
import paxoschat.storage.DiskStorage;
import paxoschat.storage.MemoryStorage;
import paxoschat.storage.Storage;

/** The node thread without Spring or HTTP: in-memory twins for the transport and the halt. */
class NodeRunnerTest {

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    /** What went to node 1, batch by batch. */
    private final List<List<Message>> batchesToOne = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger haltedWith = new AtomicInteger(-1);
    private final ChatLogStore store = new ChatLogStore();
    private NodeRunner runner;
    private final HeldDisk disk = new HeldDisk();
    /** Promises and votes that were sent before the storage twin had them durable. */
    private final List<String> notDurableWhenSent = new CopyOnWriteArrayList<>();

    private NodeRunner start(int node, int size) {
        return start(node, size, store);
    }

    private NodeRunner start(int node, int size, PerformedSink sink) {
        List<String> peers = java.util.stream.IntStream.range(0, size).mapToObj(i -> "http://127.0.0.1:" + (9000 + i)).toList();
        PaxosProperties properties = new PaxosProperties(node, peers, false, Duration.ofMillis(5), Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), false, 64, 512, 5, 25, 26, 10_000, 8, 50,
                PaxosProperties.StorageMode.MEMORY, "", 0, 8192, 2048, 4096, 0);
        runner = new NodeRunner(properties, recordingSender(), sink, haltedWith::set, new MemoryStorage());
        runner.start();
        return runner;
    }

    /**
     * Disk mode on an in-memory twin of the disk whose syncs the test lets through one at a
     * time. Ticks are slow and scouts long-lived, so the test, not the timer, drives phase 1.
     */
    private NodeRunner startOnDisk(int node, int size) {
        List<String> peers = java.util.stream.IntStream.range(0, size).mapToObj(i -> "http://127.0.0.1:" + (9000 + i)).toList();
        PaxosProperties properties = new PaxosProperties(node, peers, false, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), false, 4, 512, 5,
                100_000, PaxosConfig.minRecoveryDelayTicks(100_000), 10_000, 8, 50, PaxosProperties.StorageMode.DISK, "", 0, 8192, 2048, 4096, 0);
        runner = new NodeRunner(properties, recordingSender(), store, haltedWith::set, disk);
        runner.start();
        return runner;
    }

    private MessageSender recordingSender() {
        return new MessageSender() {
            @Override
            public void send(int to, List<Message> messages) {
                for (Message m : messages) {
                    String missing = disk.missingFor(m);
                    if (missing != null) {
                        notDurableWhenSent.add(m + " left before " + missing + " was durable");
                    }
                }
                sent.addAll(messages);
                if (to == 1) {
                    batchesToOne.add(List.copyOf(messages));
                }
            }

            @Override
            public boolean awaitIdle(Duration max) {
                flushes.incrementAndGet();
                return true;
            }
        };
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void anErrorInTheNodeThreadHaltsTheServerInsteadOfGoingOnHalfDone() {
        // Out of memory halfway through a step leaves the node's state ahead of what it
        // sent and wrote; a crash is the failure the protocol is built for, that is not.
        start(0, 1, entries -> {
            throw new OutOfMemoryError("test: no heap left");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().ready());
        runner.submit(new Command("c", 1, "alice", "hi"));
        await().atMost(Duration.ofSeconds(5)).until(() -> haltedWith.get() == 1);
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

    /**
     * Disk mode keeps the chat log's older entries in its file, not in memory: through
     * snapshots, retries of old requests, reads and a restart, a few entries stay in memory.
     */
    @Test
    void onDiskOnlyTheNewestChatEntriesStayInMemoryThroughSnapshotsAndARestart(@TempDir Path dir) throws Exception {
        PaxosProperties properties = new PaxosProperties(0, List.of("http://127.0.0.1:9000"), false, Duration.ofMillis(5),
                Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(100), false, 4, 512, 5, 25, 26, 10_000, 8, 50,
                PaxosProperties.StorageMode.DISK, dir.toString(), 5, 8192, 2048, 4096, 0);
        DiskStorage.Options options = DiskStorage.Options.defaults().withMemoryEntries(4);
        DiskStorage storage = DiskStorage.open(dir, options);
        runner = new NodeRunner(properties, recordingSender(), store, haltedWith::set, storage);
        runner.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().ready());
        List<ChatEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            entries.add(runner.submit(new Command("c", i, "alice", "message " + i)).get(5, TimeUnit.SECONDS));
        }
        assertThat(store.read(0, 1000).entries()).isEqualTo(entries);
        assertThat(storage.chatLog().inMemory()).isLessThanOrEqualTo(8);
        assertThat(runner.submit(new Command("c", 1, "alice", "message 1")).get(5, TimeUnit.SECONDS))
                .isEqualTo(entries.get(0));
        runner.stop();

        ChatLogStore restarted = new ChatLogStore();
        DiskStorage reopened = DiskStorage.open(dir, options);
        runner = new NodeRunner(properties, recordingSender(), restarted, haltedWith::set, reopened);
        runner.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().ready());
        assertThat(restarted.read(0, 1000).entries()).isEqualTo(entries);
        assertThat(reopened.chatLog().inMemory()).isLessThanOrEqualTo(8);
        assertThat(runner.submit(new Command("c", 2, "alice", "message 2")).get(5, TimeUnit.SECONDS))
                .isEqualTo(entries.get(1));
        ChatEntry next = runner.submit(new Command("c", 101, "alice", "message 101")).get(5, TimeUnit.SECONDS);
        assertThat(next.seq()).isEqualTo(100);
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

    @Test
    void aFollowersVoteLeavesOnlyOnceItIsDurable() throws Exception {
        startOnDisk(1, 3);
        Ballot b = new Ballot(1, 0);
        Batch value = new Batch(List.of(new Command("c", 1, "alice", "hi")));
        runner.receive(List.of(new Message.P2a(0, b, 0, value)));
        await().atMost(Duration.ofSeconds(5)).until(() -> disk.unsynced().contains(
                new DurableRecord.Accepted(new paxoschat.paxos.PValue(b, 0, value))));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(sent).noneMatch(m -> m instanceof Message.P2b);

        disk.allowSyncs(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof Message.P2b));
        assertThat(notDurableWhenSent).isEmpty();
    }

    @Test
    void ticksMissedByABusyNodeThreadRunAsOneTaskThatSendsEachMessageOnce() {
        // A clock the test moves, a resend due at every other tick, scouts that live long.
        AtomicLong now = new AtomicLong();
        Duration tick = Duration.ofMillis(5);
        List<String> peers = List.of("http://127.0.0.1:9000", "http://127.0.0.1:9001", "http://127.0.0.1:9002");
        PaxosProperties properties = new PaxosProperties(0, peers, false, tick, Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), false, 4, 512, 1,
                100_000, PaxosConfig.minRecoveryDelayTicks(100_000), 10_000, 8, 50, PaxosProperties.StorageMode.MEMORY, "", 0, 8192, 2048, 4096, 0);
        runner = new NodeRunner(properties, recordingSender(), store, haltedWith::set, new MemoryStorage(), now::get);
        runner.start();
        runner.observe(new PeerStatus(1, true, false, false, Ballot.ZERO, 0));
        runner.observe(new PeerStatus(2, true, false, false, Ballot.ZERO, 0));
        // The one tick below must find the peers seen: on a busy machine the timer may run
        // before the statuses are handled, and this clock gives it no second tick.
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        now.addAndGet(tick.toNanos());
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof Message.P1a));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        int before = batchesToOne.size();

        // Twenty ticks at once, as when the node thread got no CPU for a while: the
        // unanswered 1a is due again at several of them.
        now.addAndGet(20 * tick.toNanos());
        await().atMost(Duration.ofSeconds(5)).until(() -> batchesToOne.size() > before);
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        List<List<Message>> after = batchesToOne.subList(before, batchesToOne.size());
        assertThat(after).as("one task for all twenty ticks").hasSize(1);
        assertThat(after.get(0)).as("the same 1a once").filteredOn(m -> m instanceof Message.P1a).hasSize(1);
    }

    /**
     * The leader's write path: its 1a waits for the promise of its ballot, its 2a leaves at
     * once, and when the followers' durable votes make the majority the client's answer and
     * the decision leave without any fsync of the leader; the chat log already shows the
     * entry when the answer completes, though the leader's own Decided record is not durable.
     */
    @Test
    void aWriteWaitsForNoFsyncOfTheLeaderWhenItsFollowersVotesMakeTheMajority() throws Exception {
        startOnDisk(0, 3);
        Ballot ballot = becomeLeader();

        Command command = new Command("c", 1, "alice", "hi");
        CompletableFuture<Long> shownAtAnswer = runner.submit(command).thenApply(e -> store.length());
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof Message.P2a));
        Message.P2a p2a = (Message.P2a) sent.stream().filter(m -> m instanceof Message.P2a).findFirst().orElseThrow();
        assertThat(disk.synced()).as("the 2a left before the leader's own vote was durable")
                .noneMatch(r -> r instanceof DurableRecord.Accepted);

        runner.receive(List.of(new Message.P2b(1, ballot, p2a.slot(), true), new Message.P2b(2, ballot, p2a.slot(), true)));
        assertThat(shownAtAnswer).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1L);
        assertThat(sent).as("the decision, to peers that voted for it without the value")
                .anyMatch(m -> m instanceof Message.Chosen c && c.slot() == p2a.slot());
        // The answer completes inside the task, before the task hands its records to the log.
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(disk.syncs()).as("no fsync since the one the 1a waited for").isEqualTo(1);
        assertThat(disk.unsynced()).anyMatch(r -> r instanceof DurableRecord.Decided);
        assertThat(notDurableWhenSent).isEmpty();
    }

    @Test
    void theLeaderCountsItsOwnVoteOnlyOnceItIsDurable() throws Exception {
        startOnDisk(0, 3);
        Ballot ballot = becomeLeader();

        CompletableFuture<ChatEntry> answer = runner.submit(new Command("c", 1, "alice", "hi"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof Message.P2a));
        long slot = sent.stream().filter(m -> m instanceof Message.P2a).map(m -> ((Message.P2a) m).slot())
                .findFirst().orElseThrow();
        runner.receive(List.of(new Message.P2b(1, ballot, slot, true)));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(answer).as("one follower's vote and an unsynced vote of its own are no majority").isNotDone();
        assertThat(sent).noneMatch(m -> m instanceof Message.Decision || m instanceof Message.Chosen);

        // The flusher may be waiting in a sync that began before the vote was written, so
        // let several through.
        disk.allowSyncs(100);
        assertThat(answer).succeedsWithin(Duration.ofSeconds(5));
        assertThat(notDurableWhenSent).isEmpty();
    }

    /**
     * Node 0 sees both peers up, campaigns, and gets node 1's promise. Its 1a must not
     * leave before its own promise of the ballot is durable; one sync lets it go (the
     * campaign's is the first task that waits for one), and its own 1b after it.
     */
    private Ballot becomeLeader() {
        runner.observe(new PeerStatus(1, true, false, false, Ballot.ZERO, 0));
        runner.observe(new PeerStatus(2, true, false, false, Ballot.ZERO, 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> disk.unsynced().stream()
                .anyMatch(r -> r instanceof DurableRecord.Promised));
        assertThat(runner.barrier()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(sent).as("no 1a before the promise of its ballot is durable").isEmpty();

        disk.allowSyncs(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().anyMatch(m -> m instanceof Message.P1a));
        Ballot ballot = ((Message.P1a) sent.stream().filter(m -> m instanceof Message.P1a).findFirst().orElseThrow())
                .ballot();
        runner.receive(List.of(new Message.P1b(1, ballot, List.of(), 0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.view().leading());
        assertThat(notDurableWhenSent).isEmpty();
        return ballot;
    }

    /**
     * An in-memory twin of the disk: appended records stay unsynced until the test lets a
     * sync through, so the test sees exactly what left before and after.
     */
    private static final class HeldDisk implements Storage {
        private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        private final List<DurableRecord> unsynced = new java.util.ArrayList<>();
        private final List<DurableRecord> synced = new java.util.ArrayList<>();
        private int syncs;

        void allowSyncs(int n) {
            permits.release(n);
        }

        synchronized List<DurableRecord> unsynced() {
            return List.copyOf(unsynced);
        }

        synchronized List<DurableRecord> synced() {
            return List.copyOf(synced);
        }

        synchronized int syncs() {
            return syncs;
        }

        /** What a promise or vote in {@code m} reveals that is not durable yet, or null. */
        synchronized String missingFor(Message m) {
            if (m instanceof Message.P1a a && !synced.contains(new DurableRecord.Promised(a.ballot()))) {
                return "the promise of " + a.ballot();
            }
            if (m instanceof Message.P1b b && !synced.contains(new DurableRecord.Promised(b.ballot()))) {
                return "the promise of " + b.ballot();
            }
            if (m instanceof Message.P2b b && b.accepted() && synced.stream().noneMatch(r ->
                    r instanceof DurableRecord.Accepted a && a.pvalue().slot() == b.slot()
                            && a.pvalue().ballot().equals(b.ballot()))) {
                return "the vote for slot " + b.slot();
            }
            return null;
        }

        @Override
        public DurableState recovered() {
            return new DurableState();
        }

        @Override
        public synchronized void append(List<DurableRecord> records) {
            unsynced.addAll(records);
        }

        @Override
        public void sync() {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (this) {
                synced.addAll(unsynced);
                unsynced.clear();
                syncs++;
            }
        }

        @Override
        public void compactTo(paxoschat.paxos.Snapshot snapshot, Runnable whenDurable) {
            synchronized (this) {
                synced.add(new DurableRecord.Installed(snapshot));
            }
            whenDurable.run();
        }

        @Override
        public boolean failed() {
            return false;
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public void close() {
            permits.release(1_000);
        }
    }
}
