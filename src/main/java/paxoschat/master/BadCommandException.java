package paxoschat.master;

/** A script line that cannot be executed; its message becomes the one stderr line. */
public final class BadCommandException extends RuntimeException {

    public BadCommandException(String message) {
        super(message);
    }
}
