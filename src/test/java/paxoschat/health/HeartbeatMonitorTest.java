package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import paxoschat.chat.ChatLogStore;
import paxoschat.faults.FaultInjector;
import paxoschat.node.MessageSender;
import paxoschat.node.NodeRunner;
import paxoschat.paxos.Message;
import paxoschat.server.PaxosProperties;
import paxoschat.storage.MemoryStorage;

/**
 * Node 2 of three follows leader 0 while node 1, the leader's successor, is up: it polls the
 * leader only in the background (an hour here), and the successor every round. When a
 * message to the leader fails, the transport tells the monitor, which polls the leader at
 * once and so learns that it is gone.
 */
class HeartbeatMonitorTest {

    private HttpServer leader;
    private HttpServer successor;
    private NodeRunner runner;
    private HeartbeatMonitor monitor;
    private OkHttpClient client;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.stop();
        }
        if (runner != null) {
            runner.stop();
        }
        if (client != null) {
            client.dispatcher().executorService().shutdownNow();
        }
        for (HttpServer s : new HttpServer[] {leader, successor}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    private static HttpServer healthOf(int node, boolean leading) throws IOException {
        return healthOf(node, leading, () -> true);
    }

    /** {@code alive} is asked per poll; false answers as a server that is not node {@code node}. */
    private static HttpServer healthOf(int node, boolean leading, BooleanSupplier alive) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("{\"status\":\"UP\",\"details\":{\"node\":" + node + ",\"leader\":0,\"leading\":" + leading
                + ",\"ballot\":{\"round\":1,\"leader\":0},\"decided\":0,\"logLength\":0,\"recovering\":false,"
                + "\"ready\":true}}").getBytes(StandardCharsets.UTF_8);
        byte[] stranger = "{\"status\":\"UP\",\"details\":{\"node\":-1}}".getBytes(StandardCharsets.UTF_8);
        server.createContext(HeartbeatMonitor.PATH, exchange -> {
            byte[] answer = alive.getAsBoolean() ? body : stranger;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aFailedSendToTheLeaderMakesAFollowerThatIsNotItsSuccessorPollItAtOnce() throws IOException {
        leader = healthOf(0, true);
        successor = healthOf(1, false);
        IntConsumer unreachable = follow();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.view().leaderHint() == 0 && monitor.upCount() == 3);

        leader.stop(0);
        unreachable.accept(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.upCount() == 2 && runner.view().leaderHint() != 0);
    }

    /**
     * With no message for anyone, node 2 learns that the leader and its successor both died
     * by polling the successor every round: it is the successor then, and polls the leader.
     * Polling both only in the background (an hour here), it would not know.
     */
    @Test
    void whenTheLeaderAndItsSuccessorDieTogetherTheNextInLineLearnsItUnasked() throws IOException {
        leader = healthOf(0, true);
        successor = healthOf(1, false);
        follow();

        successor.stop(0);
        leader.stop(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.upCount() == 1 && runner.view().leaderHint() != 0);
    }

    /**
     * A recovering peer votes for nobody: a server that sees only such peers besides itself
     * sees no majority, and a client that asks it for an early answer gets one (202) rather
     * than waiting for a decision that cannot come.
     */
    @Test
    void aRecoveringPeerDoesNotCountTowardsTheMajorityThisServerSees() throws IOException {
        AtomicBoolean recovering = new AtomicBoolean();
        leader = healthOf(0, true);
        successor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        successor.createContext(HeartbeatMonitor.PATH, exchange -> {
            byte[] body = ("{\"status\":\"UP\",\"details\":{\"node\":1,\"leader\":0,\"leading\":false,"
                    + "\"ballot\":{\"round\":1,\"leader\":0},\"decided\":0,\"logLength\":0,\"recovering\":"
                    + recovering.get() + ",\"ready\":" + !recovering.get() + "}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        successor.start();
        IntConsumer unreachable = follow();
        assertThat(monitor.seesMajority()).isTrue();

        recovering.set(true); // node 1 restarted without its state...
        leader.stop(0);       // ...and the leader is gone
        unreachable.accept(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.upCount() == 2 && !monitor.seesMajority());
    }

    /**
     * Starts node 2 following leader 0, with node 1 its successor, and waits until it sees
     * both; returns how its transport reports a peer unreachable.
     */
    private IntConsumer follow() {
        PaxosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "paxos.node-id", "2",
                "paxos.peers", "http://127.0.0.1:" + leader.getAddress().getPort() + ",http://127.0.0.1:"
                        + successor.getAddress().getPort() + ",http://127.0.0.1:1",
                "paxos.storage", "memory",
                "paxos.heartbeat-interval", "20ms",
                "paxos.heartbeat-background-interval", "1h")))
                .bind("paxos", PaxosProperties.class).get();
        IntConsumer[] unreachable = new IntConsumer[1];
        MessageSender sender = new MessageSender() {
            @Override
            public void send(int to, List<Message> messages) {
            }

            @Override
            public boolean awaitIdle(Duration max) {
                return true;
            }

            @Override
            public void onUnreachable(IntConsumer listener) {
                unreachable[0] = listener;
            }
        };
        runner = new NodeRunner(properties, sender, new ChatLogStore(), cause -> {
        }, new MemoryStorage());
        runner.start();
        client = new OkHttpClient();
        monitor = new HeartbeatMonitor(properties, runner, client, sender,
                new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
        monitor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.view().leaderHint() == 0 && monitor.upCount() == 3);
        return unreachable[0];
    }

    /**
     * A poll of the leader that left before it died comes back "up" after a message to it
     * failed. The failure must still be answered by a poll of its own, or the follower would
     * believe in the dead leader until its next background poll (here an hour).
     */
    @Test
    void aFailedSendWhileAPollIsOutIsAnsweredByAPollAfterIt() throws Exception {
        CountDownLatch pollOut = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicBoolean gate = new AtomicBoolean();
        AtomicBoolean dead = new AtomicBoolean();
        leader = healthOf(0, true, () -> {
            if (dead.get()) {
                return false;
            }
            if (gate.compareAndSet(true, false)) {
                pollOut.countDown();
                try {
                    answer.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        });
        successor = healthOf(1, false, () -> true);
        IntConsumer unreachable = follow();

        gate.set(true);
        unreachable.accept(0); // a poll goes out and is held at the leader
        assertThat(pollOut.await(10, TimeUnit.SECONDS)).isTrue();
        dead.set(true);         // the leader dies with that poll still unanswered...
        unreachable.accept(0); // ...and the next message to it fails
        answer.countDown();     // the held poll comes back "up"

        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.upCount() == 2 && runner.view().leaderHint() != 0);
    }
}
