package paxoschat.warmstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.springframework.context.ConfigurableApplicationContext;

import paxoschat.auth.ClusterKeys;
import paxoschat.net.Ports;
import paxoschat.server.ServerApplication;

/**
 * The JVM that the warm start checkpoints ({@code paxoschat.Main template}; see
 * {@link WarmImage}). It runs a three-server cluster inside itself and sends it chat
 * messages, so that what a server runs is loaded, initialised and compiled; closes it;
 * prints {@link #READY}; and waits on standard input. master-cli checkpoints it there with
 * CRIU. Every copy restored from that checkpoint reads the arguments of the server it is to
 * be ({@link ServerArguments}) and starts that server afresh: a new Spring context, node and
 * storage, in a JVM that has already done the work of a cold start.
 *
 * <p>Nothing of the warm-up survives into a server but the JVM's caches: the warm-up's
 * contexts are closed, its ports released and its data deleted before the checkpoint, and
 * nothing a server must draw uniquely comes from a generator seeded before it (see
 * ChatController).
 */
public final class WarmTemplate {

    /** The line the template prints once it may be checkpointed. */
    public static final String READY = "paxos-chat warm template ready";

    private static final int WARM_UP_SERVERS = 3;
    /**
     * Clusters the template starts and stops, one after the other. A restored server runs
     * code that the warm-up ran only as often as it started servers: with one round of three,
     * each restored server of a ten-server start still spent 0.2-0.3 CPU-s in the C1
     * compiler; with four rounds, about a quarter of that. Eight took the build 20 s longer
     * for no clear gain (docs/startup.md, cheaper restores).
     */
    private static final int WARM_UP_ROUNDS = 4;
    private static final int WARM_UP_MESSAGES = 30;
    private static final Duration WARM_UP_PATIENCE = Duration.ofSeconds(60);

    private WarmTemplate() {
    }

    public static void main(String[] args) throws Exception {
        warmUp();
        System.out.println(READY);
        System.out.flush();
        Optional<List<String>> server = ServerArguments.decode(System.in);
        if (server.isEmpty()) {
            // Standard input closed: never restored, or its master died before it said who to be.
            System.exit(0);
        }
        ServerApplication.main(server.get().toArray(String[]::new));
    }

    static void warmUp() throws Exception {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            // Disk mode, the master's default, every other round, memory mode between.
            Path data = round % 2 == 0 ? Files.createTempDirectory("paxos-warm-up-") : null;
            try {
                warmUpRound(round % WARM_UP_SERVERS, data);
            } finally {
                deleteTree(data);
            }
        }
        releaseFreeHeap();
    }

    /**
     * A cluster that decides messages, loses server {@code crashed} (the leader, one round
     * in three), decides more without it, and gets it back (in memory mode without its
     * state, in disk mode from its data under {@code data}), so that election, recovery or
     * replay, and catch-up run too, as they do in the course's scripts.
     */
    private static void warmUpRound(int crashed, Path data) throws IOException, InterruptedException {
        List<Integer> ports = Ports.free(WARM_UP_SERVERS);
        String peers = ports.stream().map(p -> "http://127.0.0.1:" + p).collect(Collectors.joining(","));
        List<ConfigurableApplicationContext> servers = new ArrayList<>();
        // Secrets of the warm-up's own, gone before the checkpoint: a restored server reads its cluster's.
        try (ClusterKeys keys = ClusterKeys.fresh()) {
            for (int i = 0; i < ports.size(); i++) {
                servers.add(start(ports, peers, i, false, data, keys));
            }
            awaitReady(ports);
            List<Integer> all = IntStream.range(0, ports.size()).boxed().toList();
            send(ports, all, "before");
            servers.set(crashed, null).close();
            send(ports, all.stream().filter(i -> i != crashed).toList(), "during");
            servers.set(crashed, start(ports, peers, crashed, true, data, keys));
            awaitReady(ports);
            send(ports, List.of(crashed), "after");
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                if (servers.get(i) != null) {
                    servers.get(i).close();
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(List<Integer> ports, String peers, int id, boolean restart,
                                                        Path data, ClusterKeys keys) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + ports.get(id), "--server.address=127.0.0.1",
                "--paxos.node-id=" + id, "--paxos.peers=" + peers));
        if (data == null) {
            args.addAll(List.of("--paxos.storage=memory", "--paxos.amnesiac=" + restart));
        } else {
            // New at its first start, as the master says of its servers; a restart must find its directory.
            args.addAll(List.of("--paxos.storage=disk", "--paxos.data-dir=" + data.resolve("node-" + id),
                    "--paxos.amnesiac=false", "--paxos.bootstrap=" + !restart));
        }
        args.addAll(keys.serverArguments());
        return ServerApplication.run(args.toArray(String[]::new));
    }

    /** The warm-up's data, once its servers are closed: nothing of it may reach the checkpoint. */
    private static void deleteTree(Path root) throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void awaitReady(List<Integer> ports) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WARM_UP_PATIENCE.toNanos();
        for (int port : ports) {
            // 200 once the server serves: up, and recovered if it came back without its memory.
            while (status(port, "GET", "/actuator/health/paxos", null) != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("warm-up cluster not ready after " + WARM_UP_PATIENCE);
                }
                Thread.sleep(20); // polling a server we cannot be notified by
            }
        }
    }

    private static void send(List<Integer> ports, List<Integer> to, String tag) throws IOException {
        for (int m = 0; m < WARM_UP_MESSAGES; m++) {
            int port = ports.get(to.get(m % to.size()));
            int posted = status(port, "POST", "/messages", "{\"sender\":\"warm-up\",\"text\":\"" + tag + " " + m + "\"}");
            if (posted / 100 != 2) {
                throw new IllegalStateException("warm-up message " + tag + " " + m + " answered " + posted);
            }
            status(port, "GET", "/chatlog", null);
            status(port, "GET", "/actuator/health/paxos", null);
        }
    }

    /**
     * Gives the heap the warm-up no longer uses back to the system before the checkpoint,
     * which would otherwise copy it into every server: the old generation held 27 MB after
     * four rounds, 13 MB of them live. The serial collector shrinks the heap to what the free
     * ratios allow, by a growing share at each full collection; the ratios go back to what
     * they were, for the servers.
     */
    private static void releaseFreeHeap() throws Exception {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        vm.setVMOption("MinHeapFreeRatio", "0");
        vm.setVMOption("MaxHeapFreeRatio", "1");
        for (int i = 0; i < 6; i++) {
            System.gc();
        }
        vm.setVMOption("MaxHeapFreeRatio", max);
        vm.setVMOption("MinHeapFreeRatio", min);
    }

    /**
     * One HTTP/1.1 exchange on a connection of its own, closed after it: a checkpoint must
     * find no open connection, which a pooling client would keep.
     */
    private static int status(int port, String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // "HTTP/1.1 200 ..."
            return response.length() >= 12 ? Integer.parseInt(response.substring(9, 12)) : -1;
        } catch (java.net.ConnectException e) {
            return -1;
        }
    }
}
