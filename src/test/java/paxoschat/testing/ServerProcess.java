package paxoschat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server process of a test: its output appended to a log file, and the signals a test
 * sends it. Standard input stays an open pipe, so that a server started with
 * {@code --paxos.exit-with-parent} halts when the test JVM dies, however it dies.
 */
final class ServerProcess {

    private static final Duration DEATH = Duration.ofSeconds(10);

    private final Process process;
    private boolean paused;

    private ServerProcess(Process process) {
        this.process = process;
    }

    static ServerProcess start(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        try {
            return new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean alive() {
        return process.isAlive();
    }

    synchronized boolean paused() {
        return paused;
    }

    /** SIGKILL, a paused process too, and wait until it is gone (its files are then closed). */
    void kill() {
        synchronized (this) {
            paused = false;
        }
        process.destroyForcibly();
        awaitDeath("SIGKILL");
    }

    /** SIGTERM, the orderly stop an operator makes, and wait until it is gone. */
    void terminate() {
        resume();
        process.destroy();
        awaitDeath("SIGTERM");
    }

    /** SIGSTOP: the process keeps its sockets and memory but does nothing. */
    synchronized void pause() {
        if (alive() && !paused) {
            Signals.stop(process.pid());
            paused = true;
        }
    }

    /** SIGCONT after {@link #pause()}. */
    synchronized void resume() {
        if (paused) {
            paused = false;
            if (alive()) {
                Signals.cont(process.pid());
            }
        }
    }

    /** Waits up to {@code max} for the process to exit by itself; its exit status, or -1 if it did not. */
    int awaitExit(Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    int exitValue() {
        return process.exitValue();
    }

    private void awaitDeath(String signal) {
        try {
            if (!process.waitFor(DEATH.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " survived " + signal + " for " + DEATH);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
