package paxoschat.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running server as the master controls it: a JVM it started cold, or a server restored
 * from the warm start's image, whose process is CRIU's child rather than the master's.
 */
interface ServerProcess {

    boolean isAlive();

    /** SIGKILL, as a crash; returns once the server is gone (or after 10 s of trying). */
    default void kill() {
        destroyForcibly();
        awaitExit();
    }

    /** SIGKILL, without waiting: {@link #awaitExit()} then waits, so that kills overlap. */
    void destroyForcibly();

    /** Waits until the server is gone, SIGKILLing whatever is left after 10 s. */
    void awaitExit();

    /** SIGTERM: the server shuts down in order. */
    void stop();

    /** Waits up to {@code millis} for the server to exit; true if it did. */
    boolean waitFor(long millis) throws InterruptedException;

    static ServerProcess cold(Process process) {
        return new Cold(process);
    }

    /**
     * @param restore the running {@code criu restore}, which lives as long as the server;
     *                its standard input is the server's, held open while the server runs
     * @param pidFile where CRIU writes the restored server's process id
     */
    static ServerProcess restored(Process restore, Path pidFile) {
        return new Restored(restore, pidFile);
    }

    record Cold(Process process) implements ServerProcess {
        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void destroyForcibly() {
            process.destroyForcibly();
        }

        @Override
        public void awaitExit() {
            ServerProcess.awaitExit(process);
        }

        @Override
        public void stop() {
            process.destroy();
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The server is the first process of its own PID namespace; killing it ends the
     * namespace and with it the restore process, which then exits.
     */
    record Restored(Process restore, Path pidFile) implements ServerProcess {
        @Override
        public boolean isAlive() {
            return restore.isAlive();
        }

        @Override
        public void destroyForcibly() {
            // A restore cut short could leave a half-restored process behind, stopped where
            // CRIU left it: let it finish (it takes a fraction of a second) before the kill.
            awaitRestoredOrGone(10_000);
            // Only while CRIU runs: it reaps the server as it dies and exits, so a process
            // id read after that might name some other process by now.
            if (restore.isAlive()) {
                server().ifPresentOrElse(ProcessHandle::destroyForcibly,
                        // Still being restored: stop CRIU itself.
                        restore::destroyForcibly);
            }
        }

        @Override
        public void awaitExit() {
            ServerProcess.awaitExit(restore);
            // Should the server outlive all that, end of input halts it (exit-with-parent).
            closeStdin();
        }

        @Override
        public void stop() {
            if (restore.isAlive()) {
                server().ifPresentOrElse(ProcessHandle::destroy, restore::destroy);
            }
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return restore.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        private void awaitRestoredOrGone(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                while (!Files.exists(pidFile) && !restore.waitFor(5, TimeUnit.MILLISECONDS)
                        && System.nanoTime() < deadline) {
                    // waitFor is the wait: CRIU either writes the pid file or exits.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The restored server's process, once CRIU has said which it is. */
        Optional<ProcessHandle> server() {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                return ProcessHandle.of(pid);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        private void closeStdin() {
            try {
                restore.getOutputStream().close();
            } catch (IOException e) {
                // Already closed with the restore process.
            }
        }
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                // Bounded too: a process stuck in the kernel (D state) may outlive SIGKILL.
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
