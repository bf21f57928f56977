package paxoschat.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.auth.SignedFor;
import paxoschat.faults.FaultInjector;
import paxoschat.net.TcpProbe;
import paxoschat.node.MessageSender;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.PeerStatus;
import paxoschat.server.PaxosProperties;

/**
 * The failure detector: every heartbeatInterval it polls the peers' health component
 * ({@code /actuator/health/paxos}) that {@link PollSchedule} says are due, and feeds what
 * it learns into the node as a {@link PeerStatus}. Polls are asynchronous with their own
 * short timeout; a refused connection (a SIGKILLed peer) fails at once. A peer that was
 * down is first probed with a plain TCP connect, which is much cheaper. At most one poll
 * per peer is in flight.
 * With {@code paxos.faults.enabled}, a peer behind a cut link (either way) fails its poll,
 * so a partition looks like a dead peer, as it would on a real network.
 */
@Component
public class HeartbeatMonitor implements SmartLifecycle {

    static final String PATH = "/actuator/health/" + PaxosHealthIndicator.NAME;

    private final PaxosProperties properties;
    private final NodeRunner runner;
    private final OkHttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpUrl[] urls;
    private final AtomicBoolean[] inFlight;
    /** A message to the peer failed and no poll has started since. */
    private final AtomicBoolean[] suspected;
    /** Each peer's last answer; written only by that peer's one poll in flight. */
    private final Parsed[] lastParsed;
    /** System.nanoTime() of each peer's last poll; timer thread only. */
    private final long[] lastPolled;
    private final PollSchedule schedule;
    /** What the last poll of each peer found (down until one succeeds). */
    private final AtomicReferenceArray<PeerStatus> last;
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean running;
    /** Null unless fault testing is enabled. */
    private final FaultInjector faults;

    public HeartbeatMonitor(PaxosProperties properties, NodeRunner runner, OkHttpClient client, MessageSender sender,
                            ObjectProvider<FaultInjector> faults) {
        this.properties = properties;
        this.runner = runner;
        this.faults = faults.getIfAvailable();
        // Same pool and dispatcher as the transport, with the heartbeat's own deadline.
        this.client = client.newBuilder().callTimeout(properties.heartbeatTimeout()).build();
        int n = properties.clusterSize();
        this.urls = new HttpUrl[n];
        this.inFlight = new AtomicBoolean[n];
        this.suspected = new AtomicBoolean[n];
        this.lastParsed = new Parsed[n];
        this.last = new AtomicReferenceArray<>(n);
        this.lastPolled = new long[n];
        // So that the first round polls everybody.
        long background = properties.heartbeatBackgroundInterval().toNanos();
        long follower = properties.heartbeatFollowerInterval().toNanos();
        Arrays.fill(lastPolled, System.nanoTime() - Math.max(background, follower));
        this.schedule = new PollSchedule(properties.nodeId(), background, follower);
        for (int i = 0; i < n; i++) {
            urls[i] = HttpUrl.get(properties.peerUrl(i) + PATH);
            inFlight[i] = new AtomicBoolean();
            suspected[i] = new AtomicBoolean();
            last.set(i, PeerStatus.down(i));
        }
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heartbeat-" + properties.nodeId());
            t.setDaemon(true);
            return t;
        });
        sender.onUnreachable(this::suspect);
    }

    /** This server plus the peers whose last heartbeat succeeded. */
    public int upCount() {
        int count = 1;
        for (int peer = 0; peer < urls.length; peer++) {
            if (peer != properties.nodeId() && last.get(peer).up()) {
                count++;
            }
        }
        return count;
    }

    /**
     * What the last heartbeat of {@code peer} found (down until one succeeds): as fresh as
     * the poll schedule makes it, which for a follower's view of other followers is the
     * background interval.
     */
    public PeerStatus lastSeen(int peer) {
        return last.get(peer);
    }

    /**
     * Whether this server sees a majority that can vote: itself and the peers up and not
     * recovering. A recovering peer votes for nobody, so counting it would make a client
     * wait for decisions that cannot come (memory mode, after too many restarts).
     */
    public boolean seesMajority() {
        int voters = 1;
        for (int peer = 0; peer < urls.length; peer++) {
            if (peer != properties.nodeId() && last.get(peer).votes()) {
                voters++;
            }
        }
        return voters >= properties.majority();
    }

    private void pollDue() {
        NodeView view = runner.view();
        long now = System.nanoTime();
        boolean everyone = schedule.startRound(view);
        int watched = schedule.watched(view, peer -> last.get(peer).votes());
        for (int peer = 0; peer < urls.length; peer++) {
            PeerStatus seen = last.get(peer);
            if (peer != properties.nodeId() && (everyone
                    || schedule.due(view, peer, seen.up(), seen.recovering(), now - lastPolled[peer], watched))) {
                pollNow(peer, now);
            }
        }
    }

    /**
     * A message to {@code peer} failed: poll it now instead of at its next due round. A
     * follower polls its leader only in the background unless it is the leader's successor
     * (see PollSchedule), so this is how the others learn that the leader died once they
     * have something for it. A failed poll marks the peer down; one that works changes nothing.
     */
    public void suspect(int peer) {
        if (!running || peer == properties.nodeId()) {
            return;
        }
        // Kept until a poll starts after it: a poll already in flight may have left before
        // the peer died and come back with "up" (see report).
        suspected[peer].set(true);
        pollSoon(peer);
    }

    private void pollSoon(int peer) {
        try {
            timer.execute(() -> pollNow(peer, System.nanoTime()));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Timer thread only (lastPolled is its own). */
    private void pollNow(int peer, long now) {
        if (!inFlight[peer].compareAndSet(false, true)) {
            return;
        }
        suspected[peer].set(false);
        lastPolled[peer] = now;
        try {
            poll(peer);
        } catch (RuntimeException e) {
            // e.g. the client shutting down; an exception would cancel all later polls.
            inFlight[peer].set(false);
        }
    }

    private void poll(int peer) {
        if (faults != null && faults.cutsHeartbeat(peer)) {
            report(PeerStatus.down(peer));
            return;
        }
        if (!last.get(peer).up()) {
            // A peer that is down, or still starting, mostly refuses the connection: a plain
            // connect finds that out for a fraction of a failed HTTP call's CPU. Off the timer
            // thread, since a connect to another host may take up to the timeout.
            client.dispatcher().executorService().execute(() -> {
                boolean accepting;
                try {
                    // Resolved per probe: a peer's host name may only resolve once it is up.
                    accepting = TcpProbe.accepting(new InetSocketAddress(urls[peer].host(), urls[peer].port()),
                            (int) properties.heartbeatTimeout().toMillis());
                } catch (RuntimeException e) {
                    accepting = false;
                }
                if (!accepting) {
                    report(PeerStatus.down(peer));
                    return;
                }
                try {
                    pollHealth(peer);
                } catch (RuntimeException e) {
                    report(PeerStatus.down(peer));
                }
            });
            return;
        }
        pollHealth(peer);
    }

    private void pollHealth(int peer) {
        // Signed, so that the peer shows its details even when they are not public.
        Request request = new Request.Builder().url(urls[peer]).tag(SignedFor.class, new SignedFor(peer)).get().build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                report(PeerStatus.down(peer));
            }

            @Override
            public void onResponse(Call call, Response response) {
                PeerStatus status;
                try (response) {
                    // A recovering peer answers 503 (OUT_OF_SERVICE) but is alive: read the body either way.
                    status = statusOf(peer, response.body().bytes());
                } catch (IOException | RuntimeException e) {
                    status = PeerStatus.down(peer);
                }
                report(status);
            }
        });
    }

    /** Parses a peer's answer, unless it is the same as the last one (an idle peer's always is). */
    private PeerStatus statusOf(int peer, byte[] body) {
        Parsed previous = lastParsed[peer];
        if (previous != null && Arrays.equals(previous.body(), body)) {
            return previous.status();
        }
        PeerStatus status = parse(peer, body);
        lastParsed[peer] = new Parsed(body, status);
        return status;
    }

    private record Parsed(byte[] body, PeerStatus status) {
    }

    PeerStatus parse(int peer, byte[] body) {
        JsonNode details = json.readTree(body).path("details");
        if (details.path("node").asInt(-1) != peer) {
            // Not the server we expect at that address: treat as down.
            return PeerStatus.down(peer);
        }
        JsonNode ballot = details.path("ballot");
        long round = ballot.path("round").asLong(0);
        int leader = ballot.path("leader").asInt(-1);
        if (round < 0 || round > Ballot.MAX_ROUND || leader < -1 || leader >= urls.length
                || details.path("decided").asLong(0) < 0) {
            // Not what a server of this cluster says: treat as down rather than believe it.
            return PeerStatus.down(peer);
        }
        return new PeerStatus(peer, true,
                details.path("recovering").asBoolean(false),
                details.path("leading").asBoolean(false),
                new Ballot(round, leader),
                details.path("decided").asLong(0));
    }

    private void report(PeerStatus status) {
        last.set(status.node(), status);
        inFlight[status.node()].set(false);
        if (running) {
            runner.observe(status);
            if (suspected[status.node()].get()) {
                // Suspected while this poll was out: it does not answer the suspicion.
                pollSoon(status.node());
            }
        }
    }

    @Override
    public void start() {
        long micros = properties.heartbeatInterval().toNanos() / 1000;
        running = true;
        timer.scheduleAtFixedRate(this::pollDue, 0, micros, TimeUnit.MICROSECONDS);
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
