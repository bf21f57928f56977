package paxoschat.master;

public final class MasterCli {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("TODO: master helper replaces this file");
    }
}
