package paxoschat.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.auth.RequestSignature;
import paxoschat.auth.SecretFile;
import paxoschat.auth.SignedFor;
import paxoschat.auth.SigningInterceptor;
import paxoschat.jepsen.workload.LogEntry;
import paxoschat.master.HealthParser;
import paxoschat.master.PaxosHealth;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.paxos.PValue;
import paxoschat.transport.MessageCodec;

/**
 * What an outsider tries against every server: each internal and admin request a member or
 * the master could send, well formed (encoded by the servers' own codec, so that only the
 * missing credentials can be why it is refused) and aimed where it would hurt most, unsigned
 * and signed with a key of the outsider's own making. The
 * forged chat entries carry {@link #MARK} and client ids starting with {@link #CLIENT}, so
 * that any of them in a chat log is found: {@link #forgedEntries} looks for them after every
 * other probe and before the time bombs, which come last because, if believed, they stop the
 * servers (and leave no log to read).
 *
 * <p>Each probe's outcome is its HTTP status, or the exception if there was no answer; the
 * test expects 401 or 403 from every one.
 */
final class Attacks {

    static final String MARK = "FORGED-BY-OUTSIDER";
    static final String CLIENT = "outsider";
    /** A round far above any a test run reaches, below the overflow the p1a probe tries. */
    private static final long HIGH_ROUND = 1L << 40;
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request and what came of it. */
    record Probe(int server, String name, String method, String path, int status, String answer) {
        boolean refused() {
            return status == 401 || status == 403;
        }
    }

    private final OkHttpClient http;
    private final List<String> urls;
    private final MessageCodec codec = new MessageCodec();

    Attacks(OkHttpClient http, List<String> urls) {
        this.http = http;
        this.urls = List.copyOf(urls);
    }

    /** Every probe but the time bombs, on every server. */
    List<Probe> run() {
        List<Probe> probes = new ArrayList<>();
        for (int s = 0; s < urls.size(); s++) {
            probes.addAll(against(s));
        }
        return probes;
    }

    /** The time bombs, unsigned and signed with a guessed key, on every server. */
    List<Probe> timeBombs() {
        List<Probe> probes = new ArrayList<>();
        String bomb = "{\"messages\":0}";
        for (int s = 0; s < urls.size(); s++) {
            int other = (s + 1) % urls.size();
            probes.add(call(s, "time bomb now", "POST", "/admin/timebomb", bomb, Map.of()));
            probes.add(signed(http.newBuilder().addInterceptor(new SigningInterceptor(guessed(), Integer.toString(other)))
                    .build(), s, "time bomb signed as a peer with a guessed key", "POST", "/admin/timebomb", bomb,
                    Map.of()));
        }
        return probes;
    }

    /** The entries of {@code log} that an outsider made. */
    static List<LogEntry> forgedEntries(List<LogEntry> log) {
        return log.stream().filter(e -> e.text().contains(MARK) || e.clientId().startsWith(CLIENT)).toList();
    }

    private List<Probe> against(int s) {
        int other = (s + 1) % urls.size();
        Optional<PaxosHealth> health = health(http, urls.get(s));
        // Aim at the next undecided slot and the ballot in force, as read from the public
        // health details (slot 0 and ballot 0 where they are hidden).
        long slot = health.map(PaxosHealth::decided).orElse(0L);
        Ballot current = new Ballot(Math.max(0, health.map(PaxosHealth::ballotRound).orElse(0L)),
                health.map(PaxosHealth::ballotLeader).orElse(-1));
        Ballot high = new Ballot(HIGH_ROUND, other);
        Batch forged = new Batch(List.of(new Command(CLIENT + "-" + s, 1, CLIENT, MARK + " at slot " + slot)));
        String log = "/paxos/messages";
        List<Probe> probes = new ArrayList<>();
        probes.add(paxos(s, "decision (fast path)", log, new Message.Decision(other, slot, forged)));
        probes.add(paxos(s, "decision (Spring MVC path)", log + "?via=mvc", new Message.Decision(other, slot, forged)));
        probes.add(paxos(s, "chosen", log, new Message.Chosen(other, high, slot)));
        probes.add(paxos(s, "p1a with round Long.MAX_VALUE", log, new Message.P1a(other, new Ballot(Long.MAX_VALUE, other), 0)));
        probes.add(paxos(s, "p1b promise", log, new Message.P1b(other, current, List.of(new PValue(current, slot, forged)), 0)));
        probes.add(paxos(s, "p2a proposal", log, new Message.P2a(other, high, slot, forged)));
        probes.add(paxos(s, "p2b vote", log, new Message.P2b(other, current, slot, true)));
        probes.add(paxos(s, "request", log, new Message.Request(other, forged.commands().get(0))));
        probes.add(paxos(s, "slot near 2^62", log, new Message.Decision(other, 1L << 62, forged)));
        probes.add(paxos(s, "catch-up request (state transfer)", log, new Message.CatchUpRequest(other, 0, 0)));
        probes.add(paxos(s, "catch-up reply (state transfer)", log,
                new Message.CatchUpReply(other, slot, List.of(forged), slot + 1)));
        long seq = health.map(PaxosHealth::logLength).orElse(0L);
        probes.add(paxos(s, "snapshot reply (state transfer)", log, new Message.SnapshotReply(other, slot + 100, seq + 1,
                seq, List.of(new ChatEntry(seq, CLIENT + "-snap-" + s, 1, CLIENT, MARK + " in a snapshot")))));
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (i != s) {
                others.add(i);
            }
        }
        // Signed, but with a key guessed rather than the cluster's or the admin's.
        probes.add(guessedKey(s, other, "decision signed with a guessed key", log,
                new Message.Decision(other, slot, forged)));
        probes.add(guessedKey(s, other, "decision signed with a guessed key (Spring MVC path)", log + "?via=mvc",
                new Message.Decision(other, slot, forged)));
        probes.add(call(s, "admin nonce", "GET", RequestSignature.NONCE_PATH, null, Map.of()));
        probes.add(call(s, "fault plan (partition)", "POST", "/admin/faults",
                JSON.writeValueAsString(Map.of("blockedPeers", others)), Map.of()));
        probes.add(call(s, "read fault plan", "GET", "/admin/faults", null, Map.of()));
        return probes;
    }

    private Probe paxos(int s, String name, String path, Message message) {
        String body = new String(codec.encode(List.of(message)), StandardCharsets.UTF_8);
        return call(s, name, "POST", path, body, Map.of());
    }

    /** A Paxos message signed as node {@code signer}, but with a secret of the outsider's own. */
    private Probe guessedKey(int s, int signer, String name, String path, Message message) {
        OkHttpClient client = http.newBuilder().addInterceptor(new SigningInterceptor(guessed(), Integer.toString(signer)))
                .build();
        return signed(client, s, name, "POST", path, new String(codec.encode(List.of(message)), StandardCharsets.UTF_8),
                Map.of());
    }

    private static byte[] guessed() {
        return SecretFile.fresh().getBytes(StandardCharsets.US_ASCII);
    }

    private Probe call(int s, String name, String method, String path, String body, Map<String, String> headers) {
        return send(http, s, name, method, path, body, headers, false);
    }

    /** A request tagged for the signing interceptor of {@code client}. */
    private Probe signed(OkHttpClient client, int s, String name, String method, String path, String body,
                         Map<String, String> headers) {
        return send(client, s, name, method, path, body, headers, true);
    }

    private Probe send(OkHttpClient client, int s, String name, String method, String path, String body,
                       Map<String, String> headers, boolean signed) {
        Request.Builder request = new Request.Builder().url(urls.get(s) + path)
                .method(method, body == null ? null : RequestBody.create(body, JSON_TYPE));
        headers.forEach(request::header);
        if (signed) {
            request.tag(SignedFor.class, new SignedFor(s));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            String answer = response.body().string();
            return new Probe(s, name, method, path, response.code(), answer.length() > 200 ? answer.substring(0, 200) : answer);
        } catch (IOException e) {
            return new Probe(s, name, method, path, -1, e.toString());
        }
    }

    /** The server's paxos health details, if it answers and shows them. */
    static Optional<PaxosHealth> health(OkHttpClient http, String url) {
        Request request = new Request.Builder().url(url + "/actuator/health/paxos").get().build();
        try (Response response = http.newCall(request).execute()) {
            return HealthParser.parse(JSON.readTree(response.body().string()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The server that says it leads, or -1. */
    static int leader(OkHttpClient http, List<String> urls) {
        for (int i = 0; i < urls.size(); i++) {
            if (health(http, urls.get(i)).map(PaxosHealth::leading).orElse(false)) {
                return i;
            }
        }
        return -1;
    }
}
