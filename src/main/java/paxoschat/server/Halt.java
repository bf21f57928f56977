package paxoschat.server;

/**
 * How the process dies when its time bomb goes off. A bean so that in-JVM tests could
 * replace it; production halts the JVM at once, with no shutdown hooks: a crash, not a
 * goodbye.
 */
@FunctionalInterface
public interface Halt {

    void halt(int status);

    static Halt runtime() {
        return status -> Runtime.getRuntime().halt(status);
    }
}
