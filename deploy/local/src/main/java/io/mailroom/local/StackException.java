package io.mailroom.local;

/** A stack component could not start or stop; the message says what to do about it. */
public final class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
