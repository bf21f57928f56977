package paxoschat.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import paxoschat.auth.SignedFor;
import paxoschat.faults.FaultInjector;
import paxoschat.node.MessageSender;
import paxoschat.paxos.Message;
import paxoschat.server.PaxosProperties;

/**
 * Sends Paxos messages to peers as JSON arrays POSTed to {@code /paxos/messages}.
 *
 * <p>Each peer has a queue. One POST of protocol messages to a peer runs at a time;
 * whatever the node sends meanwhile waits in the queue and leaves in the next POST, so
 * under load messages are batched instead of costing one request each, and a slow or dead
 * peer costs one call at a time: each call costs both ends a fixed price in OkHttp and
 * Tomcat, whatever it carries, so one call in flight beat four (docs/performance.md has the
 * measurement). Catch-up replies are the exception: a POST carries at most
 * one, and up to {@link #MAX_BULK_IN_FLIGHT} of them run at once beside the protocol's
 * POST, so the replies answering one catch-up request are encoded, sent and decoded in
 * parallel and never hold up votes. Votes that waited in the queue longer than messageMaxAge
 * (this server's own monotonic clock) are dropped before sending: a scout or commander that
 * still waits for them has resent them, and a peer that was unreachable that long gets the
 * resends rather than a backlog. Nothing about the batch's age goes to the receiver.
 * Encoding happens on OkHttp's threads, never on the node thread.
 *
 * <p>With {@code paxos.faults.enabled} a {@link FaultInjector} may drop messages to a peer
 * (at queueing and again at sending) and delay each POST; without it, it is never consulted.
 */
@Component
public class PeerTransport implements MessageSender {

    static final String PATH = "/paxos/messages";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_IN_FLIGHT = 1;
    private static final int MAX_BULK_IN_FLIGHT = 4;
    private static final int MAX_BATCH = 4096;
    private static final int MAX_QUEUE = 100_000;

    private final OkHttpClient client;
    private final MessageCodec codec;
    private final long maxAgeNanos;
    private final Channel[] channels;
    private final Object idle = new Object();
    /** Null unless fault testing is enabled. */
    private final FaultInjector faults;
    private volatile IntConsumer unreachable = peer -> {
    };
    /** Bytes of catch-up POSTs (state transfer to a server behind) that a peer took (metrics). */
    private final LongAdder catchUpBytes = new LongAdder();

    public PeerTransport(OkHttpClient client, MessageCodec codec, PaxosProperties properties,
                         ObjectProvider<FaultInjector> faults) {
        this.client = client;
        this.codec = codec;
        this.faults = faults.getIfAvailable();
        this.maxAgeNanos = properties.messageMaxAge().toNanos();
        this.channels = new Channel[properties.clusterSize()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new Channel(i, HttpUrl.get(properties.peerUrl(i) + PATH));
        }
    }

    private record Queued(Message message, long queuedAt) {
    }

    private static final class Channel {
        final int to;
        final HttpUrl url;
        final ArrayDeque<Queued> queue = new ArrayDeque<>();
        /** POSTs without, and with, a catch-up reply in flight. */
        int inFlight;
        int bulkInFlight;

        Channel(int to, HttpUrl url) {
            this.to = to;
            this.url = url;
        }
    }

    @Override
    public void send(int to, List<Message> messages) {
        if (faults != null && faults.dropsOutgoing(to)) {
            return;
        }
        Channel channel = channels[to];
        long now = System.nanoTime();
        synchronized (channel) {
            for (Message m : messages) {
                channel.queue.add(new Queued(m, now));
            }
            while (channel.queue.size() > MAX_QUEUE) {
                channel.queue.poll();
            }
        }
        pump(channel);
    }

    private void pump(Channel channel) {
        while (true) {
            List<Message> batch;
            boolean bulk;
            synchronized (channel) {
                long now = System.nanoTime();
                if (!channel.queue.isEmpty() && now - channel.queue.peek().queuedAt() > maxAgeNanos) {
                    channel.queue.removeIf(q -> now - q.queuedAt() > maxAgeNanos && MessageAge.expires(q.message()));
                }
                if (channel.queue.isEmpty()) {
                    break;
                }
                // A bulk POST is a catch-up reply and whatever follows it up to the next one;
                // a protocol POST stops before the next catch-up reply.
                bulk = MessageAge.isBulk(channel.queue.peek().message());
                if (bulk ? channel.bulkInFlight >= MAX_BULK_IN_FLIGHT : channel.inFlight >= MAX_IN_FLIGHT) {
                    break;
                }
                batch = new ArrayList<>(Math.min(channel.queue.size(), MAX_BATCH));
                batch.add(channel.queue.poll().message());
                while (!channel.queue.isEmpty() && batch.size() < MAX_BATCH
                        && !MessageAge.isBulk(channel.queue.peek().message())) {
                    batch.add(channel.queue.poll().message());
                }
                if (bulk) {
                    channel.bulkInFlight++;
                } else {
                    channel.inFlight++;
                }
            }
            postWithFaults(channel, batch, bulk);
        }
        signalIfIdle();
    }

    private void postWithFaults(Channel channel, List<Message> batch, boolean bulk) {
        if (faults == null) {
            post(channel, batch, bulk);
            return;
        }
        long delay = faults.nextDelayMillis();
        if (delay == 0) {
            postUnlessDropped(channel, batch, bulk);
        } else {
            // The batch keeps its in-flight slot while it waits, like a slow network would.
            faults.later(delay, () -> postUnlessDropped(channel, batch, bulk));
        }
    }

    /** A partition that began while the batch was queued or delayed drops it too. */
    private void postUnlessDropped(Channel channel, List<Message> batch, boolean bulk) {
        if (faults.dropsOutgoing(channel.to)) {
            done(channel, bulk);
        } else {
            post(channel, batch, bulk);
        }
    }

    private void post(Channel channel, List<Message> batch, boolean bulk) {
        LazyJsonBody body = new LazyJsonBody(codec, batch);
        Request request = new Request.Builder()
                .url(channel.url)
                .tag(SignedFor.class, new SignedFor(channel.to))
                .post(body)
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                // Lost messages are the protocol's business: it resends what matters. Whether
                // the peer is gone is the failure detector's, which followers other than the
                // leader's successor ask only now and then about the leader (PollSchedule).
                done(channel, bulk);
                unreachable.accept(channel.to);
            }

            @Override
            public void onResponse(Call call, Response response) {
                if (bulk && response.isSuccessful()) {
                    catchUpBytes.add(body.contentLength());
                }
                response.close();
                done(channel, bulk);
            }
        });
    }

    /**
     * Encoded on first use, which is on an OkHttp thread, never the node thread; with a known
     * length the request goes out without chunking, in as few writes as possible.
     */
    private static final class LazyJsonBody extends RequestBody {
        private final MessageCodec codec;
        private final List<Message> batch;
        private byte[] bytes;

        LazyJsonBody(MessageCodec codec, List<Message> batch) {
            this.codec = codec;
            this.batch = batch;
        }

        private synchronized byte[] bytes() {
            if (bytes == null) {
                bytes = codec.encode(batch);
            }
            return bytes;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return bytes().length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes());
        }
    }

    /** Bytes of catch-up POSTs peers took so far. */
    public long catchUpBytesSent() {
        return catchUpBytes.sum();
    }

    /** Messages queued for peers and not sent yet. */
    public int queuedMessages() {
        int queued = 0;
        for (Channel channel : channels) {
            synchronized (channel) {
                queued += channel.queue.size();
            }
        }
        return queued;
    }

    private void done(Channel channel, boolean bulk) {
        synchronized (channel) {
            if (bulk) {
                channel.bulkInFlight--;
            } else {
                channel.inFlight--;
            }
        }
        pump(channel);
    }

    @Override
    public void onUnreachable(IntConsumer listener) {
        unreachable = listener;
    }

    private boolean isIdle() {
        for (Channel c : channels) {
            synchronized (c) {
                if (c.inFlight > 0 || c.bulkInFlight > 0 || !c.queue.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void signalIfIdle() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    @Override
    public boolean awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (idle) {
            while (!isIdle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
