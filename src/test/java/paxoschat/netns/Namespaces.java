package paxoschat.netns;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The private network of one test run: a namespace per host ({@code ip netns}), each with one
 * veth cable to a bridge that lives in a namespace of its own, and addresses in
 * 10.77.X.0/24 (X random). Nothing is created in, or changed about, the namespace the test
 * runs in: every link, address and rule lives in a namespace made here.
 *
 * <p>Names are {@code pxchat-PID-RANDOM-ROLE}, PID being the test JVM's: {@link #sweepStale()}
 * removes the namespaces of runs whose JVM is gone (killed before it could clean up), and
 * leaves those of a run still going alone. {@link #close()} kills whatever still runs inside
 * this run's namespaces and deletes them; a shutdown hook does the same when the JVM is
 * stopped, so a run leaves nothing behind even when it fails or is interrupted.
 */
final class Namespaces implements AutoCloseable {

    static final String PREFIX = "pxchat-";
    static final String BRIDGE = "br0";
    /** Each host's end of its cable. */
    static final String HOST_LINK = "veth0";

    private final String run;
    private final int subnet;
    private final String bridgeNs;
    private final Map<String, String> hostNs = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final Thread hook = new Thread(this::removeAll, "netns-cleanup");
    private boolean closed;

    private Namespaces() {
        SecureRandom random = new SecureRandom();
        this.run = PREFIX + ProcessHandle.current().pid() + "-" + Integer.toHexString(0x1000 + random.nextInt(0xf000));
        this.subnet = 1 + random.nextInt(254);
        this.bridgeNs = run + "-br";
    }

    /**
     * Why namespaces cannot be made here, or empty if they can: the test skips with this
     * reason (not Linux, not root, no {@code ip}, or the kernel refuses a namespace).
     */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces need Linux; this is " + System.getProperty("os.name"));
        }
        Shell.Result id = Shell.run(List.of("id", "-u"));
        if (!id.ok() || !id.out().strip().equals("0")) {
            return Optional.of("creating network namespaces needs root; this test runs as uid " + id.out().strip());
        }
        if (!Shell.run(List.of("ip", "-V")).ok()) {
            return Optional.of("the 'ip' command (Debian package iproute2) is not installed");
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        Shell.Result add = Shell.run(List.of("ip", "netns", "add", probe));
        Shell.Result exec = add.ok() ? Shell.run(List.of("ip", "netns", "exec", probe, "ip", "link", "set", "lo", "up"))
                : add;
        Shell.run(List.of("ip", "netns", "delete", probe));
        if (!add.ok()) {
            return Optional.of("'ip netns add' is refused here: " + add.err().strip());
        }
        if (!exec.ok()) {
            return Optional.of("'ip netns exec' is refused here: " + exec.err().strip());
        }
        return Optional.empty();
    }

    /**
     * Deletes the namespaces of earlier runs whose test JVM is no longer alive, after killing
     * what still ran inside them (their servers). Returns the names removed.
     */
    static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        for (String ns : list()) {
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = ns.substring(PREFIX.length()).split("-");
            long owner;
            try {
                owner = Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            killInside(ns);
            if (Shell.run(List.of("ip", "netns", "delete", ns)).ok()) {
                removed.add(ns);
            }
        }
        return removed;
    }

    /**
     * Creates the bridge and one host per name, each cabled to the bridge and given the next
     * address (hosts in order get .1, .2, ...).
     */
    static Namespaces create(List<String> hosts) {
        Namespaces n = new Namespaces();
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.addNamespace(n.bridgeNs);
            ip(n.bridgeNs, "link", "add", BRIDGE, "type", "bridge");
            ip(n.bridgeNs, "link", "set", BRIDGE, "up");
            for (int i = 0; i < hosts.size(); i++) {
                n.addHost(hosts.get(i), "10.77." + n.subnet + "." + (i + 1));
            }
            return n;
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
    }

    private void addHost(String host, String address) {
        String ns = run + "-" + host;
        addNamespace(ns);
        hostNs.put(host, ns);
        addresses.put(host, address);
        // Both ends are made directly in their namespaces: the test's own namespace never
        // holds either, not even for a moment.
        Shell.check(List.of("ip", "link", "add", HOST_LINK, "netns", ns, "type", "veth", "peer", "name",
                port(host), "netns", bridgeNs));
        ip(bridgeNs, "link", "set", port(host), "master", BRIDGE);
        ip(bridgeNs, "link", "set", port(host), "up");
        ip(ns, "link", "set", "lo", "up");
        ip(ns, "addr", "add", address + "/24", "dev", HOST_LINK);
        ip(ns, "link", "set", HOST_LINK, "up");
    }

    private void addNamespace(String ns) {
        Shell.check(List.of("ip", "netns", "add", ns));
        synchronized (this) {
            created.add(ns);
        }
    }

    String namespace(String host) {
        return require(hostNs, host);
    }

    String address(String host) {
        return require(addresses, host);
    }

    String bridgeNamespace() {
        return bridgeNs;
    }

    /** The bridge's end of a host's cable. */
    static String port(String host) {
        return "p-" + host;
    }

    String subnet() {
        return "10.77." + subnet + ".0/24";
    }

    /** A command run inside {@code host}'s namespace: {@code ip netns exec NS command...}. */
    List<String> inside(String host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(command);
        return full;
    }

    /** {@code ip -n NS args...}, failing loudly. */
    static void ip(String ns, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
        command.addAll(List.of(args));
        Shell.check(command);
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs removeAll anyway
        }
    }

    private void removeAll() {
        List<String> names;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            names = new ArrayList<>(created);
        }
        // Hosts before the bridge: deleting a namespace deletes its veth ends, and their peers.
        Collections.reverse(names);
        for (String ns : names) {
            killInside(ns);
            Shell.run(List.of("ip", "netns", "delete", ns));
        }
    }

    /**
     * Kills, by id, every process that still runs inside {@code ns}: a namespace whose
     * processes live on would outlive its deletion.
     */
    private static void killInside(String ns) {
        Shell.Result pids = Shell.run(List.of("ip", "netns", "pids", ns));
        if (!pids.ok()) {
            return;
        }
        for (String line : pids.out().split("\\s+")) {
            if (line.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
        }
    }

    /** The namespaces {@code ip netns list} shows, by name. */
    static List<String> list() {
        Shell.Result r = Shell.run(List.of("ip", "netns", "list"));
        List<String> names = new ArrayList<>();
        if (!r.ok()) {
            return names;
        }
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                // "NAME" or "NAME (id: N)"
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Whether {@code /run/netns} still holds any namespace of this run. */
    boolean anyLeft() {
        return list().stream().anyMatch(ns -> ns.startsWith(run + "-"));
    }

    String runName() {
        return run;
    }

    private static String require(Map<String, String> map, String host) {
        String value = map.get(host);
        if (value == null) {
            throw new IllegalArgumentException("no host " + host);
        }
        return value;
    }
}
