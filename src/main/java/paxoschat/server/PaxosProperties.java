package paxoschat.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import okhttp3.HttpUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import paxoschat.paxos.PaxosConfig;

/**
 * Everything a server needs to know about itself and its cluster, bound from the
 * {@code paxos.*} settings documented in application.yml. The compact constructor
 * validates, so a misconfigured server refuses to start instead of misbehaving later.
 *
 * @param nodeId             this server's index in {@code peers}
 * @param peers              base URLs of all servers, index = node id, this one included
 * @param amnesiac           restarted without acceptor state: must recover before voting
 * @param tickInterval       how often the protocol core gets a tick
 * @param heartbeatInterval  how often the leader's health is polled, and every peer's
 *                           while this server leads, campaigns, recovers or knows no leader
 * @param heartbeatTimeout   a poll slower than this counts the peer as down
 * @param heartbeatBackgroundInterval how often a follower that sees a live leader polls
 *                           the other peers, and a server that never knew a leader the
 *                           peers that are up
 * @param heartbeatFollowerInterval how often the leader polls a follower it saw up
 * @param requestTimeout     how long POST /messages waits for a decision before 503
 * @param messageMaxAge      phase 1 and 2 messages that waited this long in a sender's queue
 *                           (a peer slow or unreachable) are dropped there, since the scouts
 *                           and commanders that need them resend them; at most
 *                           scoutLifetimeTicks * tickInterval, after which no scout counts them
 * @param exitWithParent     halt when standard input reaches EOF (the spawning master died)
 * @param storage            {@code disk}: promises, votes and decisions go to a write-ahead log
 *                           in {@code dataDir} before anything derived from them leaves the
 *                           server, and a restart resumes from it ({@code amnesiac} is then
 *                           ignored); {@code memory}: nothing survives a crash
 * @param dataDir            the data directory in disk mode; empty means data/node-N
 * @param snapshotEvery      decided slots between snapshots of the durable state (disk mode)
 * @param memoryEntries      disk mode: the chat log keeps between this many and twice as many
 *                           of its newest entries in memory, the older ones in its file
 * @param maxPendingRequests client requests this server may hold waiting for their decision;
 *                           beyond it POST /messages answers 503 with Retry-After at once
 * @param maxQueuedInputs    inputs (client commands, peer message batches) queued for the node
 *                           thread; beyond it clients get 503 and peer batches are refused
 *                           (503; the protocol resends what matters)
 * @param predecessorDiedAt  for a server restarted amnesiac: when (epoch milliseconds, this
 *                           machine's clock) the previous process of this server was known to
 *                           be dead, or 0 if unknown. The recovery delay counts from then
 *                           ({@link #recoveryDelayTicks(long)}); the master sets it.
 */
@ConfigurationProperties("paxos")
public record PaxosProperties(
        @DefaultValue("0") int nodeId,
        List<String> peers,
        @DefaultValue("false") boolean amnesiac,
        @DefaultValue("20ms") Duration tickInterval,
        @DefaultValue("100ms") Duration heartbeatInterval,
        @DefaultValue("1s") Duration heartbeatTimeout,
        @DefaultValue("3s") Duration heartbeatBackgroundInterval,
        @DefaultValue("1s") Duration heartbeatFollowerInterval,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("500ms") Duration messageMaxAge,
        @DefaultValue("false") boolean exitWithParent,
        @DefaultValue("4") int window,
        @DefaultValue("512") int maxBatch,
        @DefaultValue("5") int resendTicks,
        @DefaultValue("25") int scoutLifetimeTicks,
        @DefaultValue("26") int recoveryDelayTicks,
        @DefaultValue("10000") int catchUpChunk,
        @DefaultValue("8") int catchUpChunks,
        @DefaultValue("150") int electionQuietTicks,
        @DefaultValue("disk") StorageMode storage,
        @DefaultValue("") String dataDir,
        @DefaultValue("10000") long snapshotEvery,
        @DefaultValue("8192") int memoryEntries,
        @DefaultValue("2048") int maxPendingRequests,
        @DefaultValue("4096") int maxQueuedInputs,
        @DefaultValue("0") long predecessorDiedAt) {

    /** Where the node's durable records go; see docs/storage.md. */
    public enum StorageMode {
        MEMORY, DISK
    }

    public PaxosProperties {
        if (peers == null || peers.isEmpty()) {
            throw new IllegalArgumentException("paxos.peers must list the base URL of every server");
        }
        peers = List.copyOf(peers);
        for (String peer : peers) {
            HttpUrl url = HttpUrl.parse(peer);
            if (url == null || url.isHttps()) {
                // Servers talk plain HTTP to each other (see HttpClientConfig).
                throw new IllegalArgumentException("paxos.peers: '" + peer + "' is not an http:// URL");
            }
        }
        if (nodeId < 0 || nodeId >= peers.size()) {
            throw new IllegalArgumentException("paxos.node-id " + nodeId + " is not an index of paxos.peers");
        }
        requirePositive("tick-interval", tickInterval);
        requirePositive("heartbeat-interval", heartbeatInterval);
        requirePositive("heartbeat-timeout", heartbeatTimeout);
        requirePositive("heartbeat-background-interval", heartbeatBackgroundInterval);
        requirePositive("heartbeat-follower-interval", heartbeatFollowerInterval);
        requirePositive("request-timeout", requestTimeout);
        requirePositive("message-max-age", messageMaxAge);
        if (messageMaxAge.compareTo(tickInterval.multipliedBy(scoutLifetimeTicks)) > 0) {
            throw new IllegalArgumentException("paxos.message-max-age " + messageMaxAge
                    + " exceeds scout-lifetime-ticks * tick-interval");
        }
        if (recoveryDelayTicks < PaxosConfig.minRecoveryDelayTicks(scoutLifetimeTicks)) {
            throw new IllegalArgumentException("paxos.recovery-delay-ticks " + recoveryDelayTicks + " is below "
                    + PaxosConfig.minRecoveryDelayTicks(scoutLifetimeTicks) + ", the least that is safe with"
                    + " scout-lifetime-ticks " + scoutLifetimeTicks + " (paxos/Recovery.java)");
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("paxos.snapshot-every must be 0 (never) or positive");
        }
        if (memoryEntries < 1) {
            throw new IllegalArgumentException("paxos.memory-entries must be positive");
        }
        if (predecessorDiedAt < 0) {
            throw new IllegalArgumentException("paxos.predecessor-died-at must be epoch milliseconds, or 0 for unknown");
        }
        if (maxPendingRequests < 1 || maxQueuedInputs < 1) {
            throw new IllegalArgumentException("paxos.max-pending-requests and paxos.max-queued-inputs must be positive");
        }
        // PaxosConfig checks the protocol settings themselves.
        new PaxosConfig(nodeId, peers.size(), window, maxBatch, resendTicks, scoutLifetimeTicks,
                recoveryDelayTicks, catchUpChunk, catchUpChunks, electionQuietTicks);
    }

    /** The data directory of disk mode: paxos.data-dir, or data/node-N when unset. */
    public Path dataPath() {
        return dataDir == null || dataDir.isBlank() ? Path.of("data", "node-" + nodeId) : Path.of(dataDir);
    }

    public int clusterSize() {
        return peers.size();
    }

    /** The majority needed for any decision: clusterSize / 2 + 1. */
    public int majority() {
        return clusterSize() / 2 + 1;
    }

    /** The protocol's settings for a node starting now. */
    public PaxosConfig paxosConfig() {
        return paxosConfig(System.currentTimeMillis());
    }

    PaxosConfig paxosConfig(long nowMillis) {
        return new PaxosConfig(nodeId, peers.size(), window, maxBatch, resendTicks, scoutLifetimeTicks,
                recoveryDelayTicks(nowMillis), catchUpChunk, catchUpChunks, electionQuietTicks);
    }

    /**
     * Ticks a server restarted amnesiac still waits before it recovers. The wait is there so
     * that every scout that counted a promise of the previous process has stopped counting
     * before this one votes (paxos/Recovery.java), and those scouts started before that
     * process died. So the wait runs from its death, and the time between that and now is
     * already waited: two readings of this host's wall clock, the master's and this
     * process's, which holds unless the clock is set forward in between. When the death is
     * unknown (0), or the clock says it is still to come, the whole delay is waited.
     */
    int recoveryDelayTicks(long nowMillis) {
        if (predecessorDiedAt == 0 || nowMillis < predecessorDiedAt) {
            return recoveryDelayTicks;
        }
        long tickMillis = Math.max(1, tickInterval.toMillis());
        long owedMillis = recoveryDelayTicks * tickMillis - (nowMillis - predecessorDiedAt);
        return owedMillis <= 0 ? 0 : (int) ((owedMillis + tickMillis - 1) / tickMillis);
    }

    /** Base URL of {@code node} without a trailing slash. */
    public String peerUrl(int node) {
        String url = peers.get(node);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("paxos." + name + " must be a positive duration");
        }
    }
}
