package paxoschat.master;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * {@code master} reads a script on stdin (SPEC §1); {@code master serve N} runs a cluster
 * until interrupted ({@link MasterOptions}, and help.txt beside this class, say the rest).
 * Plain Java on purpose: no Spring, so that the master starts in a fraction of a second.
 * stdout carries only printChatLog output, everything else goes to stderr; at EOF or on
 * SIGINT/SIGTERM every server is stopped, a script's data directory deleted, and the exit
 * code is 0.
 */
public final class MasterCli {

    /** The heap of a served cluster's servers (see main). */
    static final String SERVED_HEAP = "-Xmx1g";

    private MasterCli() {
    }

    public static void main(String[] args) throws Exception {
        // UTF-8 whatever the locale: the harness compares bytes.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(err); // stray library output must never reach the harness's stdout
        System.setErr(err);

        MasterOptions options;
        try {
            options = MasterOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("master: " + e.getMessage());
            err.println("master: ./master-cli --help lists the options");
            System.exit(2);
            return;
        }
        if (options.help() || options.version()) {
            out.print(options.help() ? help() : version() + "\n");
            out.flush();
            System.exit(0);
        }
        Path logDir = RunDirectories.newLogDir(Path.of(System.getProperty("paxos.log-dir", "logs")));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        RunDirectories.sweepDataDirs(tmp);
        ServerLauncher launcher = ServerLauncher.fromSystemProperties(logDir)
                .withNetwork(options.host(), options.settings());
        if (options.serving()) {
            // A server keeps the whole chat log in memory, about 200 bytes a message; the
            // 128 MB of the course tests' small JVMs hold a few hundred thousand, and a served
            // cluster under a benchmark writes that in a minute (three servers ran out of heap
            // at 256 connections).
            launcher = launcher.withJvmOption(SERVED_HEAP);
        }
        Path tempData = null;
        if (!options.memory()) {
            if (options.dataRoot() != null) {
                // Asked for: kept after the run, whether serving or running a script.
                launcher = launcher.withDataRoot(options.dataRoot());
            } else if (options.serving()) {
                launcher = launcher.withDataRoot(Path.of("data").toAbsolutePath());
            } else {
                // A fresh directory per script run, so runs never see each other's logs.
                tempData = RunDirectories.newDataDir(tmp);
                launcher = launcher.withDataRoot(tempData);
            }
        }
        Cluster cluster = new Cluster(launcher, options.basePort(), Http.CLIENT, Http.PROBE,
                msg -> err.println("master: " + msg));
        Path toDelete = tempData;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            RunDirectories.deleteTree(toDelete).ifPresent(left -> err.println("master: " + left));
        }, "stop-servers"));
        ExitOnSignal.install();

        if (options.serving()) {
            serve(options.serve(), cluster, logDir, out, err);
        } else {
            BufferedReader script = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Master master = new Master(cluster, out, msg -> err.println("master: " + msg),
                    System::currentTimeMillis, Pause.REAL, UUID.randomUUID().toString().substring(0, 8));
            master.run(script);
            if (Boolean.getBoolean("paxos.master.graceful-stop")) {
                // master-cli's training run: servers write their start-up cache as they exit.
                cluster.closeGracefully(java.time.Duration.ofSeconds(30));
            }
        }
        cluster.close();
        RunDirectories.deleteTree(tempData).ifPresent(left -> err.println("master: " + left));
        out.flush();
        System.exit(0);
    }

    /** What {@code --help} prints: help.txt, which master-cli prints too, before any build. */
    static String help() throws IOException {
        try (InputStream text = MasterCli.class.getResourceAsStream("help.txt")) {
            if (text == null) {
                throw new IOException("help.txt is missing from the class path");
            }
            return new String(text.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String version() {
        String version = MasterCli.class.getPackage().getImplementationVersion();
        return "paxos-chat " + (version == null ? "(version unknown: not run from the jar)" : version);
    }

    private static void serve(int n, Cluster cluster, Path logDir, PrintStream out, PrintStream err)
            throws InterruptedException {
        try {
            cluster.start(n);
        } catch (ClusterControl.ClusterException e) {
            err.println("master: " + e.getMessage());
            cluster.close();
            System.exit(1);
        }
        for (int i = 0; i < n; i++) {
            out.println(cluster.baseUrl(i));
        }
        out.flush();
        err.println("master: " + n + " servers running; logs in " + logDir
                + (cluster.dataRoot() == null ? "; memory storage" : "; data in " + cluster.dataRoot())
                + "; Ctrl-C stops them");
        // Until a signal; the shutdown hook stops the servers.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
