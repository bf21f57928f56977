package paxoschat.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to a process by pid, through kill(1): Java has no SIGSTOP/SIGCONT of its own. */
final class Signals {

    private Signals() {
    }

    static void stop(long pid) {
        kill("-STOP", pid);
    }

    static void cont(long pid) {
        kill("-CONT", pid);
    }

    private static void kill(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " " + pid + " hung");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
