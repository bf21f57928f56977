package paxoschat.netns;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's handle on {@link OutsideHost}: that JVM started inside the outsider's
 * namespace with this JVM's class path, one command written to its stdin per
 * {@link #call}, its one-line JSON answer read back. Its stderr goes to a log file.
 */
final class OutsideHostProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ANSWER = "@@ ";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private OutsideHostProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "outside-host-answers");
        reader.setDaemon(true);
        reader.start();
    }

    static OutsideHostProcess start(Namespaces net, String host, List<String> urls, Path log) {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), OutsideHost.class.getName(), String.join(",", urls)));
        try {
            ProcessBuilder builder = new ProcessBuilder(net.inside(host, command))
                    .redirectError(Redirect.appendTo(log.toFile()));
            // An outsider has no secret of the cluster's, whatever this JVM's environment holds.
            builder.environment().keySet().removeIf(name -> name.startsWith("PAXOS_"));
            Process p = builder.start();
            return new OutsideHostProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the outside host", e);
        }
    }

    private void readAnswers() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    answers.add(line.substring(ANSWER.length()));
                }
            }
        } catch (IOException e) {
            // the process is gone; call() says so
        }
    }

    /** Sends one command and waits for its answer; an "error" answer is thrown. */
    JsonNode call(String command, Duration timeout) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
            String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IllegalStateException("the outside host did not answer '" + command + "' within "
                        + timeout.toSeconds() + " s (alive: " + process.isAlive() + "; see " + log + ")");
            }
            JsonNode node = JSON.readTree(answer);
            if (node.has("error")) {
                throw new IllegalStateException("the outside host failed '" + command + "': "
                        + node.get("error").asString() + " (see " + log + ")");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("the outside host is gone (see " + log + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
