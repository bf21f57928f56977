package paxoschat.web;

/** Client input that is wrong; becomes a 400 problem detail whose detail is the message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String detail) {
        super(detail, null, false, false);
    }
}
