package io.mailroom.dispatch.channel;

/** A provider call that did not return an accepted message id, classified by what the sender must do next. */
public class ProviderException extends RuntimeException {
    /** What the failure means for the recipient. */
    public enum Kind {
        /** Not accepted, safe to retry later (4xx, throttling, connection lost before the final dot). */
        TRANSIENT,
        /** Rejected for good: the recipient's outcome is FAILED with {@link #reason()}. */
        PERMANENT,
        /** May have been accepted (connection lost after the final dot): counted, never resent. */
        AMBIGUOUS,
        /** The account cannot send now (quota, sending paused, configuration): DEFERRED, the campaign pauses. */
        ACCOUNT_STOP
    }

    private final Kind kind;
    private final String reason;

    public ProviderException(Kind kind, String reason, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The outcome reason ({@code smtp-permanent}, {@code ses-rejected}, {@code ses-quota-exceeded} …). */
    public String reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
