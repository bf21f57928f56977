package paxoschat.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether something accepts TCP connections at an address. A refused connect costs tens of
 * microseconds; a failed HTTP call through OkHttp about a millisecond of CPU on a cold JVM
 * (measured on this project's 2-core machine), which adds up when ten servers that are still
 * starting are probed ten times a second each.
 */
public final class TcpProbe {

    private TcpProbe() {
    }

    public static boolean accepting(InetSocketAddress address, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
