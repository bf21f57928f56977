package paxoschat.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A standby server JVM that the master keeps ready for its next {@code restartServer}.
 *
 * <p>A JVM's first Spring start costs about a CPU-second, most of it in interpreting and
 * compiling code that runs once per start; the second start in the same JVM takes a fifth
 * of that. So a standby first runs a throw-away one-server cluster on a free port (start,
 * a few chat messages, stop), touches {@code warmMarker} to say it is warm, and then waits
 * on standard input for the server it is to become. The master writes one line: the log
 * file, then the server's arguments, separated by NUL (which no argument can contain). The
 * standby sends its output there and starts that server exactly as {@code Main server}
 * would; from then on it is that server, and dies with the master like any other (its
 * standard input stays the master's pipe). EOF before an assignment means the master is
 * gone: the standby exits.
 */
public final class Standby {

    private static final int WARM_UP_MESSAGES = 30;
    private static final MediaType JSON = MediaType.get("application/json");

    private Standby() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: spare WARM_MARKER_FILE");
        }
        try {
            warmUp();
        } catch (RuntimeException | IOException e) {
            // A cold standby is still a server; it only starts slower.
            System.out.println("standby: warm-up failed, starting cold when assigned: " + e);
        }
        Files.deleteIfExists(Path.of(args[0]));
        Files.createFile(Path.of(args[0]));
        List<String> assignment = StandbyAssignment.read(System.in);
        if (assignment == null) {
            Runtime.getRuntime().halt(0);
            return;
        }
        PrintStream log = new PrintStream(new FileOutputStream(assignment.get(0), true), true,
                StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        ServerApplication.start(assignment.subList(1, assignment.size()).toArray(String[]::new));
    }

    private static void warmUp() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (ConfigurableApplicationContext context = ServerApplication.start("--server.port=" + port,
                "--server.address=127.0.0.1", "--paxos.node-id=0", "--paxos.peers=" + url,
                "--paxos.storage=memory", "--paxos.exit-with-parent=false",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
            OkHttpClient client = context.getBean(OkHttpClient.class);
            for (int i = 0; i < WARM_UP_MESSAGES; i++) {
                call(client, new Request.Builder().url(url + "/messages").post(RequestBody.create(
                        "{\"sender\":\"standby\",\"text\":\"warm-up " + i + "\"}", JSON)).build());
                call(client, new Request.Builder().url(url + "/actuator/health/paxos").build());
            }
            call(client, new Request.Builder().url(url + "/chatlog").build());
        }
    }

    private static void call(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException(request.method() + " " + request.url() + ": " + response.code());
            }
            response.body().bytes();
        }
    }
}
