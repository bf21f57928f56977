package paxoschat.storage;

/** The storage hit an I/O error and will not report anything as durable any more. */
public final class StorageFailedException extends RuntimeException {

    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
