package paxoschat.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** TCP ports for servers: free ones chosen by the kernel, so that runs never collide. */
public final class Ports {

    private Ports() {
    }

    /** {@code count} distinct free ports of 127.0.0.1. */
    public static List<Integer> free(int count) {
        return free(InetAddress.getLoopbackAddress(), count);
    }

    /** {@code count} distinct free ports of {@code host}. */
    public static List<Integer> free(InetAddress host, int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // All held open together so that the kernel cannot hand out the same port twice.
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, host));
            }
            List<Integer> ports = new ArrayList<>();
            for (ServerSocket s : sockets) {
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + host.getHostAddress(), e);
        } finally {
            closeAll(sockets);
        }
    }

    /**
     * The ports {@code first}, {@code first + 1}, … of {@code host}, {@code count} of them,
     * checked free now; throws IllegalArgumentException naming the first that is not.
     */
    public static List<Integer> range(InetAddress host, int first, int count) {
        if (first < 1 || (long) first + count - 1 > 65_535) {
            throw new IllegalArgumentException("ports " + first + ".." + ((long) first + count - 1)
                    + " are not all between 1 and 65535");
        }
        List<ServerSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                try {
                    ServerSocket socket = new ServerSocket();
                    sockets.add(socket);
                    socket.bind(new InetSocketAddress(host, port), 1);
                } catch (IOException e) {
                    throw new IllegalArgumentException("port " + port + " of " + host.getHostAddress()
                            + " is not free: " + e.getMessage());
                }
                ports.add(port);
            }
            return ports;
        } finally {
            closeAll(sockets);
        }
    }

    /** Whether something accepts connections at {@code host:port} (see {@link TcpProbe}). */
    public static boolean accepting(InetAddress host, int port) {
        return TcpProbe.accepting(new InetSocketAddress(host, port), 1000);
    }

    private static void closeAll(List<ServerSocket> sockets) {
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a listening socket cannot meaningfully fail
            }
        }
    }
}
