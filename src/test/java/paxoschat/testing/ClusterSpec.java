package paxoschat.testing;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

import paxoschat.net.Ports;

/**
 * What a test's servers are: where each listens, which JVM runs them, where their logs and
 * data go, and what else they are told. Server {@code i} listens on {@code hosts[i]:ports[i]}
 * and logs to {@code logDir/server-i.log}; {@code dataRoot} null is memory mode (a restarted
 * server is amnesiac), else disk mode with {@code dataRoot/node-i} kept across restarts.
 * {@code settings} are server arguments given to every start after the master's own;
 * {@code prefix} wraps each server's command, e.g. in {@code ip netns exec NS}.
 */
public record ClusterSpec(List<String> hosts, List<Integer> ports, Path logDir, ServerJvm jvm, Path dataRoot,
                          List<String> settings, BiFunction<Integer, List<String>, List<String>> prefix) {

    public ClusterSpec {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        settings = List.copyOf(settings);
        if (hosts.size() != ports.size()) {
            throw new IllegalArgumentException(hosts.size() + " hosts but " + ports.size() + " ports");
        }
    }

    /** {@code n} servers on free ports of 127.0.0.1, from this JVM's class path, in memory mode. */
    public static ClusterSpec loopback(int n, Path logDir) {
        return new ClusterSpec(Collections.nCopies(n, "127.0.0.1"), Ports.free(n), logDir, ServerJvm.thisClassPath(),
                null, List.of(), (node, command) -> command);
    }

    /** One server on each of {@code hosts}, all on {@code port}, as separate machines would run them. */
    public static ClusterSpec onHosts(List<String> hosts, int port, Path logDir) {
        return new ClusterSpec(hosts, Collections.nCopies(hosts.size(), port), logDir, ServerJvm.thisClassPath(),
                null, List.of(), (node, command) -> command);
    }

    public int size() {
        return hosts.size();
    }

    public ClusterSpec withJvm(ServerJvm other) {
        return new ClusterSpec(hosts, ports, logDir, other, dataRoot, settings, prefix);
    }

    /** Disk mode under {@code root}. */
    public ClusterSpec withDataRoot(Path root) {
        return new ClusterSpec(hosts, ports, logDir, jvm, root, settings, prefix);
    }

    public ClusterSpec withSettings(List<String> serverSettings) {
        return new ClusterSpec(hosts, ports, logDir, jvm, dataRoot, serverSettings, prefix);
    }

    /** Each server's command becomes {@code wrap(node, command)}. */
    public ClusterSpec withPrefix(BiFunction<Integer, List<String>, List<String>> wrap) {
        return new ClusterSpec(hosts, ports, logDir, jvm, dataRoot, settings, wrap);
    }
}
