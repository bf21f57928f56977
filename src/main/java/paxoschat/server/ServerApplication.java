package paxoschat.server;

public class ServerApplication {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("TODO: server helper replaces this file");
    }
}
