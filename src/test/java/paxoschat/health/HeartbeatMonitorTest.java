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
import paxoschat.paxos.Message;
import paxoschat.server.MessageSender;
import paxoschat.server.NodeRunner;
import paxoschat.server.PaxosProperties;

/**
 * Node 2 of three follows leader 0 while node 1, the leader's successor, is up: it polls the
 * leader only in the background (an hour here). When a message to the leader fails, the
 * transport tells the monitor, which polls the leader at once and so learns that it is gone.
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
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("{\"status\":\"UP\",\"details\":{\"node\":" + node + ",\"leader\":0,\"leading\":" + leading
                + ",\"ballot\":{\"round\":1,\"leader\":0},\"decided\":0,\"logLength\":0,\"recovering\":false,"
                + "\"ready\":true}}").getBytes(StandardCharsets.UTF_8);
        server.createContext(HeartbeatMonitor.PATH, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aFailedSendToTheLeaderMakesAFollowerThatIsNotItsSuccessorPollItAtOnce() throws IOException {
        leader = healthOf(0, true);
        successor = healthOf(1, false);
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
        });
        runner.start();
        client = new OkHttpClient();
        monitor = new HeartbeatMonitor(properties, runner, client, sender,
                new DefaultListableBeanFactory().getBeanProvider(FaultInjector.class));
        monitor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.view().leaderHint() == 0 && monitor.upCount() == 3);

        leader.stop(0);
        unreachable[0].accept(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.upCount() == 2 && runner.view().leaderHint() != 0);
    }
}
