package paxoschat.master;

/**
 * SIGINT and SIGTERM end the master with exit code 0 (SPEC §1) after the shutdown hook
 * stopped the servers; without a handler the JVM would still run the hook but exit 130/143.
 */
final class ExitOnSignal {

    private ExitOnSignal() {
    }

    static void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Thread exit = new Thread(() -> System.exit(0), "exit-on-" + name);
                    exit.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // Not available here: the shutdown hook still stops the servers.
            }
        }
    }
}
