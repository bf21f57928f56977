package paxoschat.master;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import paxoschat.net.TcpProbe;

/** Free TCP ports on 127.0.0.1, chosen by the kernel, so that runs never collide. */
public final class Ports {

    private Ports() {
    }

    public static List<Integer> free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // All held open together so that the kernel cannot hand out the same port twice.
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            List<Integer> ports = new ArrayList<>();
            for (ServerSocket s : sockets) {
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket cannot meaningfully fail
                }
            }
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port} (see {@link TcpProbe}). */
    public static boolean accepting(int port) {
        return TcpProbe.accepting(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    }
}
