package paxoschat.netns;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Network faults on the cables of {@link Namespaces}, made by the kernel, not by the
 * servers: a cut is the bridge's end of a host's cable set down ({@code ip link set down}),
 * loss and delay are queueing disciplines on both ends of the cable, so that each direction
 * meets one.
 *
 * <p>Loss and delay use {@code tc qdisc ... netem} where the kernel has it. A kernel built
 * without sch_netem (as the one this project's machines run) gets the nearest the kernel
 * offers instead, and {@link #describe()} says which: loss is an nftables rule dropping a
 * random share of the host's packets both ways ({@code numgen random}), delay a token
 * bucket ({@code tc ... tbf}) so slow that the queue in front of it delays every packet.
 * A fault that neither can make is not applied and is reported as unavailable.
 */
final class LinkFaults {

    enum Kind { CUT, LOSS, DELAY }

    private static final String NFT_TABLE = "pxchat_loss";
    /** netem's delay and jitter. */
    private static final String NETEM_DELAY = "120ms";
    private static final String NETEM_JITTER = "40ms";
    /** The token bucket that stands in for a delay: a few requests fill it for tens of ms. */
    private static final List<String> TBF = List.of("tbf", "rate", "200kbit", "burst", "4kb", "latency", "600ms");

    private final Namespaces net;
    private final boolean netem;
    private final boolean nft;
    private final boolean tbf;
    private final Map<String, HostFaults> state = new HashMap<>();
    private final Map<Kind, Integer> applied = new EnumMap<>(Kind.class);

    /** What is currently done to one host's cable. */
    private static final class HostFaults {
        boolean cut;
        int lossPercent;
        boolean delayed;
        boolean qdisc;
        boolean nftTable;
    }

    LinkFaults(Namespaces net, String anyHost) {
        this.net = net;
        String port = Namespaces.port(anyHost);
        this.netem = probeQdisc(net.bridgeNamespace(), port, List.of("netem", "delay", "1ms"));
        this.tbf = probeQdisc(net.bridgeNamespace(), port, TBF);
        this.nft = Shell.run(net.inside(anyHost, List.of("nft", "list", "tables"))).ok();
        for (Kind k : Kind.values()) {
            applied.put(k, 0);
        }
    }

    private static boolean probeQdisc(String ns, String dev, List<String> qdisc) {
        List<String> add = new ArrayList<>(List.of("tc", "-n", ns, "qdisc", "add", "dev", dev, "root"));
        add.addAll(qdisc);
        boolean ok = Shell.run(add).ok();
        if (ok) {
            Shell.check(List.of("tc", "-n", ns, "qdisc", "del", "dev", dev, "root"));
        }
        return ok;
    }

    boolean supports(Kind kind) {
        return switch (kind) {
            case CUT -> true;
            case LOSS -> netem || nft;
            case DELAY -> netem || tbf;
        };
    }

    /** How each kind of fault is made on this machine, for the test's figures. */
    String describe() {
        String loss = netem ? "tc netem loss" : nft ? "nftables numgen random drop (kernel has no netem)"
                : "unavailable (no netem in the kernel, no nft command)";
        String delay = netem ? "tc netem delay " + NETEM_DELAY + " +-" + NETEM_JITTER
                : tbf ? "tc tbf " + TBF.get(2) + " queueing delay (kernel has no netem)" : "unavailable (no tc)";
        return "cut: ip link set down/up on the bridge port; loss: " + loss + "; delay: " + delay;
    }

    synchronized void cut(String host) {
        HostFaults f = of(host);
        Namespaces.ip(net.bridgeNamespace(), "link", "set", Namespaces.port(host), "down");
        f.cut = true;
        count(Kind.CUT);
    }

    synchronized void loss(String host, int percent) {
        if (!supports(Kind.LOSS)) {
            return;
        }
        HostFaults f = of(host);
        f.lossPercent = percent;
        if (netem) {
            shape(host, f);
        } else {
            if (f.nftTable) {
                Shell.check(net.inside(host, List.of("nft", "delete", "table", "inet", NFT_TABLE)));
            }
            String drop = "numgen random mod 100 < " + percent + " drop";
            Shell.check(net.inside(host, List.of("nft", "add table inet " + NFT_TABLE + "; "
                    + "add chain inet " + NFT_TABLE + " in { type filter hook input priority 0 ; } ; "
                    + "add chain inet " + NFT_TABLE + " out { type filter hook output priority 0 ; } ; "
                    + "add rule inet " + NFT_TABLE + " in " + drop + " ; "
                    + "add rule inet " + NFT_TABLE + " out " + drop)));
            f.nftTable = true;
        }
        count(Kind.LOSS);
    }

    synchronized void delay(String host) {
        if (!supports(Kind.DELAY)) {
            return;
        }
        HostFaults f = of(host);
        f.delayed = true;
        shape(host, f);
        count(Kind.DELAY);
    }

    /** Undoes everything done to {@code host}'s cable. */
    synchronized void heal(String host) {
        HostFaults f = of(host);
        if (f.cut) {
            Namespaces.ip(net.bridgeNamespace(), "link", "set", Namespaces.port(host), "up");
            f.cut = false;
        }
        if (f.nftTable) {
            Shell.check(net.inside(host, List.of("nft", "delete", "table", "inet", NFT_TABLE)));
            f.nftTable = false;
        }
        f.lossPercent = 0;
        f.delayed = false;
        shape(host, f);
    }

    synchronized void healAll() {
        for (String host : List.copyOf(state.keySet())) {
            heal(host);
        }
    }

    /** Faults applied so far, by kind. */
    synchronized Map<Kind, Integer> applied() {
        return Map.copyOf(applied);
    }

    /** Sets, replaces or removes the queueing discipline of both ends of the cable. */
    private void shape(String host, HostFaults f) {
        List<String> qdisc = new ArrayList<>();
        if (netem && (f.lossPercent > 0 || f.delayed)) {
            qdisc.add("netem");
            if (f.lossPercent > 0) {
                qdisc.addAll(List.of("loss", f.lossPercent + "%"));
            }
            if (f.delayed) {
                qdisc.addAll(List.of("delay", NETEM_DELAY, NETEM_JITTER));
            }
        } else if (!netem && f.delayed) {
            qdisc.addAll(TBF);
        }
        for (String[] end : ends(host)) {
            List<String> command = new ArrayList<>(List.of("tc", "-n", end[0], "qdisc"));
            if (qdisc.isEmpty()) {
                if (!f.qdisc) {
                    continue;
                }
                command.addAll(List.of("del", "dev", end[1], "root"));
            } else {
                command.addAll(List.of("replace", "dev", end[1], "root"));
                command.addAll(qdisc);
            }
            Shell.check(command);
        }
        f.qdisc = !qdisc.isEmpty();
    }

    private List<String[]> ends(String host) {
        return List.of(new String[] {net.namespace(host), Namespaces.HOST_LINK},
                new String[] {net.bridgeNamespace(), Namespaces.port(host)});
    }

    private HostFaults of(String host) {
        return state.computeIfAbsent(host, h -> new HostFaults());
    }

    private void count(Kind kind) {
        applied.merge(kind, 1, Integer::sum);
    }
}
