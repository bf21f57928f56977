package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import paxoschat.faults.FaultInjector;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.server.PaxosProperties;

/**
 * Found by the fault-testing harness (server logs full of "Exception in thread OkHttp
 * Dispatcher ... JacksonIOException: Socket closed"): when the connection broke while a
 * batch was being written, Jackson's unchecked exception escaped the request body, and
 * OkHttp's dispatcher thread died of it. A broken connection must be an ordinary failed
 * send: no uncaught exception, and the channel frees its slot.
 */
class PeerTransportFailureTest {

    @Test
    void aConnectionThatBreaksWhileSendingIsAPlainFailure() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // A peer that reads a little of each request and then resets the connection.
            Thread rude = new Thread(() -> {
                while (!peer.isClosed()) {
                    try (Socket s = peer.accept()) {
                        InputStream in = s.getInputStream();
                        in.readNBytes(1024);
                        s.setSoLinger(true, 0);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            rude.setDaemon(true);
            rude.start();
            PaxosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "paxos.node-id", "0",
                    "paxos.peers", "http://127.0.0.1:1,http://127.0.0.1:" + peer.getLocalPort())))
                    .bind("paxos", PaxosProperties.class).get();
            OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
            PeerTransport transport = new PeerTransport(client, new MessageCodec(), properties,
                    new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
            String big = "x".repeat(4_000_000);
            for (int i = 0; i < 6; i++) {
                transport.send(1, List.of(new Message.Request(0, new Command("c", i + 1, "s", big))));
            }
            assertThat(transport.awaitIdle(Duration.ofSeconds(20))).as("every send finished").isTrue();
            client.dispatcher().executorService().shutdown();
            client.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).isEmpty();
    }
    @Test
    void aSendToAPeerThatRefusesTheConnectionTellsTheFailureDetector() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        PaxosProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "paxos.node-id", "0",
                "paxos.peers", "http://127.0.0.1:1,http://127.0.0.1:" + closedPort)))
                .bind("paxos", PaxosProperties.class).get();
        OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
        PeerTransport transport = new PeerTransport(client, new MessageCodec(), properties,
                new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
        List<Integer> suspected = new CopyOnWriteArrayList<>();
        CountDownLatch told = new CountDownLatch(1);
        transport.onUnreachable(peer -> {
            suspected.add(peer);
            told.countDown();
        });

        transport.send(1, List.of(new Message.Request(0, new Command("c", 1, "s", "hello"))));

        assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(suspected).containsExactly(1);
        client.dispatcher().executorService().shutdown();
    }
}
