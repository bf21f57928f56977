package paxoschat.master;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import paxoschat.master.ServerApi.ChatlogPage;
import paxoschat.master.ServerApi.LogEntry;
import paxoschat.master.ServerApi.OutgoingMessage;
import paxoschat.master.ServerApi.SendOutcome;

/**
 * An in-memory twin of a cluster with the servers' contract: a request is decided at once
 * when a majority is alive (201), otherwise the server that took it keeps it pending (202)
 * and decides it once a majority is back; a crash loses what that server held; a retry with
 * the same (clientId, requestId) is decided at most once. The lowest live index leads.
 * Knobs let a test hold decisions back or make servers lag. In {@link #memory} mode a
 * restarted server comes back recovering, and recovers once a majority of voters (live,
 * not recovering) is up; only voters count towards a decision.
 */
final class FakeCluster implements ClusterControl {

    private final List<FakeServer> servers = new ArrayList<>();
    private final List<LogEntry> log = new ArrayList<>();
    private final Map<String, Long> decidedKeys = new HashMap<>();
    private boolean started;
    /** While true, nothing gets decided even with a majority (a slow leader). */
    boolean holdDecisions;
    /** Memory mode: restarted servers recover before they vote. */
    boolean memory;
    int starts;
    int crashes;
    int restarts;
    final List<String> timeBombs = new ArrayList<>();

    final class FakeServer implements ServerApi {
        final int index;
        boolean alive = true;
        boolean ready = true;
        boolean recovering;
        /** How many entries this server has not learned yet. */
        int lag;
        final Map<String, OutgoingMessage> pending = new LinkedHashMap<>();
        int posts;

        FakeServer(int index) {
            this.index = index;
        }

        @Override
        public Optional<PaxosHealth> health() {
            synchronized (FakeCluster.this) {
                progress();
                if (!alive) {
                    return Optional.empty();
                }
                int leader = leader();
                return Optional.of(new PaxosHealth(index, leader, leader == index, 1, Math.max(leader, 0),
                        known(), known(), recovering, ready));
            }
        }

        @Override
        public boolean ready() {
            synchronized (FakeCluster.this) {
                return alive && ready;
            }
        }

        @Override
        public SendOutcome send(OutgoingMessage m) throws IOException {
            synchronized (FakeCluster.this) {
                if (!alive) {
                    throw new ConnectException("Connection refused");
                }
                posts++;
                if (!ready) {
                    return new SendOutcome.Unavailable("503 not ready");
                }
                if (m.text().length() > 10_000) {
                    return new SendOutcome.Rejected("400 text too long");
                }
                Long seq = decidedKeys.get(key(m));
                if (seq != null) {
                    return new SendOutcome.Decided(seq);
                }
                pending.put(key(m), m);
                progress();
                seq = decidedKeys.get(key(m));
                return seq != null ? new SendOutcome.Decided(seq) : new SendOutcome.Pending();
            }
        }

        @Override
        public ChatlogPage chatlog(long from, int limit) throws IOException {
            synchronized (FakeCluster.this) {
                if (!alive) {
                    throw new ConnectException("Connection refused");
                }
                progress();
                int end = (int) Math.min(known(), from + limit);
                List<LogEntry> page = from >= end ? List.of() : new ArrayList<>(log.subList((int) from, end));
                return new ChatlogPage(page, Math.max(from, end), known());
            }
        }

        @Override
        public void timeBomb(int messages) throws IOException {
            synchronized (FakeCluster.this) {
                timeBombs.add(index + ":" + messages);
                if (messages == 0) {
                    alive = false;
                    pending.clear();
                }
            }
        }

        private long known() {
            return Math.max(0, log.size() - lag);
        }
    }

    private static String key(OutgoingMessage m) {
        return m.clientId() + "#" + m.requestId();
    }

    /** Decides what live servers hold, if a majority can vote and decisions are not held. */
    synchronized void progress() {
        if (voters() >= majority()) {
            for (FakeServer s : servers) {
                if (s.alive && s.recovering) {
                    s.recovering = false;
                    s.ready = true;
                }
            }
        }
        if (holdDecisions || voters() < majority()) {
            return;
        }
        for (FakeServer s : servers) {
            if (!s.alive) {
                continue;
            }
            for (OutgoingMessage m : s.pending.values()) {
                if (!decidedKeys.containsKey(key(m))) {
                    decidedKeys.put(key(m), (long) log.size());
                    log.add(new LogEntry(log.size(), m.sender(), m.text(), m.clientId(), m.requestId()));
                }
            }
            s.pending.clear();
        }
    }

    private int voters() {
        int voters = 0;
        for (FakeServer s : servers) {
            if (s.alive && !s.recovering) {
                voters++;
            }
        }
        return voters;
    }

    private int leader() {
        if (voters() < majority()) {
            return -1;
        }
        for (FakeServer s : servers) {
            if (s.alive && s.ready) {
                return s.index;
            }
        }
        return -1;
    }

    synchronized List<LogEntry> decided() {
        return List.copyOf(log);
    }

    FakeServer server(int i) {
        return servers.get(i);
    }

    @Override
    public synchronized void start(int n) {
        started = true;
        starts++;
        for (int i = 0; i < n; i++) {
            servers.add(new FakeServer(i));
        }
    }

    @Override
    public synchronized boolean started() {
        return started;
    }

    @Override
    public synchronized int size() {
        return servers.size();
    }

    @Override
    public synchronized boolean isAlive(int server) {
        return servers.get(server).alive;
    }

    @Override
    public ServerApi api(int server) {
        return servers.get(server);
    }

    @Override
    public synchronized void crash(int server) {
        crashes++;
        FakeServer s = servers.get(server);
        s.alive = false;
        s.pending.clear();
    }

    @Override
    public synchronized boolean restart(int server) {
        restarts++;
        FakeServer s = servers.get(server);
        s.alive = true;
        s.ready = !memory;
        s.recovering = memory;
        s.lag = 0;
        progress();
        return !s.recovering;
    }

    @Override
    public boolean durable() {
        return !memory;
    }

    @Override
    public synchronized void close() {
        for (FakeServer s : servers) {
            s.alive = false;
        }
    }
}
