package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import paxoschat.web.OneServer;

/**
 * Clients that open {@code GET /chatlog/stream} and then never read hold their
 * connections, not the stream pool's threads: with more such clients than the pool has
 * threads (two), each with more of the log due than the socket buffers hold, a new stream
 * still gets a new entry at once, and writes still get their 201.
 */
class StalledStreamTest extends OneServer {

    /** More than a loopback socket's largest send buffer (4 MiB) plus a small receive buffer. */
    private static final int ENTRIES = 500;
    private static final String TEXT = "x".repeat(10_000);

    @Autowired
    ChatStream stream;

    @Test
    void streamsThatAreNotReadHoldNoThread() throws Exception {
        long from = length();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", PORT));
                OutputStream out = s.getOutputStream();
                out.write(("GET " + ChatStream.PATH + "?from=" + from + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(s);
            }
            for (int i = 0; i < ENTRIES; i++) {
                assertThat(http.postJson("/messages", "{\"sender\":\"big\",\"text\":\"" + TEXT + "\"}").statusCode())
                        .isEqualTo(201);
            }
            assertThat(stream.openStreams()).isEqualTo(3);

            try (SseClient reader = SseClient.open("http://127.0.0.1:" + PORT + ChatStream.PATH + "?from=" + length())) {
                assertThat(http.postJson("/messages", "{\"sender\":\"small\",\"text\":\"still flowing\"}").statusCode())
                        .isEqualTo(201);
                assertThat(reader.next().data()).contains("still flowing");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }
}
