package io.mailroom.feedback.intake;

/** A notification could not be stored right now (database unreachable, transaction failed); nothing of it was. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String messageId, Throwable cause) {
        super("message " + messageId + " not stored, retry later: " + cause, cause);
    }
}
