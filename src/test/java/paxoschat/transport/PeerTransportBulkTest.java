package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import paxoschat.faults.FaultInjector;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.server.PaxosProperties;

/**
 * The replies answering one catch-up request are queued together; each must leave in a
 * POST of its own, so they travel and are decoded in parallel, while small messages still
 * share POSTs, one POST of them per peer at a time.
 */
class PeerTransportBulkTest {

    @Test
    void aPostCarriesAtMostOneCatchUpReply() throws Exception {
        MessageCodec codec = new MessageCodec();
        List<List<Message>> bodies = new CopyOnWriteArrayList<>();
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext(PeerTransport.PATH, exchange -> {
            bodies.add(codec.decode(exchange.getRequestBody().readAllBytes(), 2));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        peer.start();
        try {
            PaxosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "paxos.node-id", "0",
                    "paxos.peers", "http://127.0.0.1:1,http://127.0.0.1:" + peer.getAddress().getPort())))
                    .bind("paxos", PaxosProperties.class).get();
            OkHttpClient client = new OkHttpClient();
            PeerTransport transport = new PeerTransport(client, codec, properties,
                    new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
            Batch batch = new Batch(List.of(new Command("c", 1, "s", "t")));
            List<Message> sent = List.of(
                    new Message.P2b(0, new Ballot(1, 0), 7, true),
                    new Message.CatchUpReply(0, 0, List.of(batch), 3),
                    new Message.CatchUpReply(0, 1, List.of(batch), 3),
                    new Message.Decision(0, 7, batch),
                    new Message.CatchUpReply(0, 2, List.of(batch), 3));
            transport.send(1, sent);
            assertThat(transport.awaitIdle(Duration.ofSeconds(20))).as("every send finished").isTrue();
            client.dispatcher().executorService().shutdown();

            List<Message> received = new ArrayList<>();
            for (List<Message> body : bodies) {
                assertThat(body.stream().filter(MessageAge::isBulk).count()).as("bulk replies in " + body).isLessThanOrEqualTo(1);
                received.addAll(body);
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            // [P2b], [reply 0], [reply 1, Decision], [reply 2]
            assertThat(bodies).hasSize(4);
        } finally {
            peer.stop(0);
        }
    }

    @Test
    void whileAPostIsInFlightWhatTheNodeSendsWaitsAndLeavesInOneBatch() throws Exception {
        MessageCodec codec = new MessageCodec();
        List<List<Message>> bodies = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstArrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        peer.createContext(PeerTransport.PATH, exchange -> {
            bodies.add(codec.decode(exchange.getRequestBody().readAllBytes(), 2));
            if (bodies.size() == 1) {
                firstArrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        peer.start();
        OkHttpClient client = new OkHttpClient();
        try {
            PaxosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "paxos.node-id", "0",
                    "paxos.peers", "http://127.0.0.1:1,http://127.0.0.1:" + peer.getAddress().getPort())))
                    .bind("paxos", PaxosProperties.class).get();
            PeerTransport transport = new PeerTransport(client, codec, properties,
                    new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
            // Decisions, which never expire in the queue, however slow the machine.
            Message first = new Message.Chosen(0, new Ballot(1, 0), 1);
            Message second = new Message.Chosen(0, new Ballot(1, 0), 2);
            Message third = new Message.Chosen(0, new Ballot(1, 0), 3);
            transport.send(1, List.of(first));
            assertThat(firstArrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            transport.send(1, List.of(second));
            transport.send(1, List.of(third));
            release.countDown();
            assertThat(transport.awaitIdle(Duration.ofSeconds(20))).as("every send finished").isTrue();
            assertThat(bodies).containsExactly(List.of(first), List.of(second, third));
        } finally {
            release.countDown();
            client.dispatcher().executorService().shutdown();
            peer.stop(0);
        }
    }
}
