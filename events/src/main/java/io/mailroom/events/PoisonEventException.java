package io.mailroom.events;

/** A record that cannot be understood: it belongs in the dead-letter topic with {@link #getMessage()} as reason. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String reason) {
        super(reason);
    }

    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
