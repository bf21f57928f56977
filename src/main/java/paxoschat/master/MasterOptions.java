package paxoschat.master;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The master's command line (help.txt beside this class says it for people): flags in any
 * order around either nothing (a script on stdin) or {@code serve N}. A bad command line
 * throws IllegalArgumentException with the one line to print, before anything is started
 * or created.
 *
 * @param memory     {@code --storage=memory}; disk mode is the default for scripts and serve
 * @param dataRoot   {@code --data-root}, absolute and created, or null for the default
 * @param host       the servers' address
 * @param basePort   server i listens on basePort + i; 0 for free ports
 * @param settings   server settings to pass through, each {@code --name=value}
 * @param serve      the N of {@code serve N}, or 0 when running a script
 */
public record MasterOptions(boolean memory, Path dataRoot, String host, int basePort, List<String> settings,
                            int serve, boolean help, boolean version) {

    /** Servers a served cluster may have; far more than two cores run anyway. */
    static final int MAX_SERVED = 100;

    private static final Pattern SETTING = Pattern.compile("--([A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_\\[\\]-]+)+)=(.*)",
            Pattern.DOTALL);

    /**
     * What the master sets for each server itself, in Spring's relaxed form (lower case,
     * without dashes and underscores): a second value from the user would make the
     * server's property a list of both.
     */
    private static final Set<String> RESERVED = Set.of("server.port", "server.address", "paxos.nodeid",
            "paxos.peers", "paxos.storage", "paxos.datadir", "paxos.amnesiac", "paxos.predecessordiedat",
            "paxos.exitwithparent");

    public MasterOptions {
        settings = List.copyOf(settings);
    }

    public boolean serving() {
        return serve > 0;
    }

    public static MasterOptions parse(String[] args) {
        // Asking for help or the version needs no valid command line, as master-cli sees it too.
        boolean help = Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
        if (help || Arrays.asList(args).contains("--version")) {
            return new MasterOptions(false, null, ServerLauncher.LOOPBACK, 0, List.of(), 0, help, !help);
        }
        boolean memory = false;
        boolean storageGiven = false;
        String dataRoot = null;
        String host = ServerLauncher.LOOPBACK;
        int basePort = 0;
        List<String> settings = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--storage=disk") || arg.equals("--storage=memory")) {
                if (storageGiven) {
                    throw new IllegalArgumentException("--storage given twice");
                }
                storageGiven = true;
                memory = arg.endsWith("memory");
            } else if (arg.startsWith("--storage")) {
                throw new IllegalArgumentException("--storage takes disk or memory, e.g. --storage=memory");
            } else if (arg.startsWith("--data-root=")) {
                dataRoot = arg.substring("--data-root=".length());
            } else if (arg.startsWith("--host=")) {
                host = host(arg.substring("--host=".length()));
            } else if (arg.startsWith("--base-port=")) {
                basePort = number(arg.substring("--base-port=".length()), "--base-port", 1, 65_535);
            } else if (arg.startsWith("-")) {
                settings.add(setting(arg));
            } else {
                words.add(arg);
            }
        }
        int serve = 0;
        if (!words.isEmpty()) {
            if (!words.get(0).equals("serve") || words.size() != 2) {
                throw new IllegalArgumentException("unexpected " + String.join(" ", words)
                        + ": the command is serve N, or none to read a script from stdin (--help says more)");
            }
            serve = number(words.get(1), "serve N", 1, MAX_SERVED);
        }
        if (dataRoot != null && memory) {
            throw new IllegalArgumentException("--data-root needs disk storage; memory mode keeps no data");
        }
        return new MasterOptions(memory, dataRoot == null ? null : dataRoot(dataRoot), host, basePort, settings, serve,
                false, false);
    }

    private static int number(String value, String what, int min, int max) {
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException(what + " needs a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static String host(String value) {
        InetAddress address;
        try {
            address = value.isBlank() || value.chars().anyMatch(Character::isWhitespace) ? null
                    : InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            address = null;
        }
        if (address == null) {
            throw new IllegalArgumentException("--host needs an address of this machine, e.g. --host=127.0.0.1, got '"
                    + value + "'");
        }
        if (address.isAnyLocalAddress()) {
            // Peers and clients reach a server at this address too, and nothing is reached at 0.0.0.0.
            throw new IllegalArgumentException("--host=" + value
                    + " is a wildcard; give the one address servers listen on and are reached at");
        }
        return value;
    }

    private static String setting(String arg) {
        var m = SETTING.matcher(arg);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown option " + arg
                    + " (master options: --storage, --data-root, --host, --base-port; a server setting is --name.with.dots=value)");
        }
        String name = m.group(1);
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))) {
            throw new IllegalArgumentException("--" + name + " is set by the master for each server"
                    + " (use --host, --base-port, --storage or --data-root)");
        }
        if (m.group(3).indexOf('\n') >= 0 || m.group(3).indexOf('\r') >= 0) {
            throw new IllegalArgumentException("--" + name + ": a setting's value must be one line");
        }
        return arg;
    }

    /**
     * An absolute directory, created if missing. A bench or a test gives each run its own,
     * so runs never append to, or start from, an earlier run's log.
     */
    private static Path dataRoot(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--data-root needs a directory, e.g. --data-root=/tmp/run-1");
        }
        Path root;
        try {
            root = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--data-root: not a path: " + value);
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--data-root: " + root + " exists and is not a directory");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("--data-root: cannot create " + root + ": " + e);
        }
        if (!Files.isWritable(root)) {
            throw new IllegalArgumentException("--data-root: " + root + " is not writable");
        }
        return root;
    }
}
