package io.mailroom.dispatch.channel;

import java.util.regex.Pattern;

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

    // an email address as providers quote it in replies: local@domain, up to brackets, quotes or spaces
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\],;:\"']+@[^\\s<>()\\[\\],;:\"']+");

    private final Kind kind;
    private final String reason;
    private final boolean possiblyDelivered;

    public ProviderException(Kind kind, String reason, String detail, Throwable cause) {
        this(kind, reason, detail, cause, false);
    }

    /** @param possiblyDelivered a transient failure whose stage is unknown: the provider may have the message */
    public ProviderException(Kind kind, String reason, String detail, Throwable cause, boolean possiblyDelivered) {
        super(detail, cause);
        this.kind = kind;
        this.reason = reason;
        this.possiblyDelivered = possiblyDelivered;
    }

    public boolean possiblyDelivered() {
        return possiblyDelivered;
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

    /**
     * What to log about the failure: the provider's reply (or the cause) with every email address replaced by
     * {@code [address]}. Replies such as {@code 451 4.7.1 <ada@example.com>: try again later} name the recipient,
     * and INFO logs are shipped and kept far longer than the recipient's data; the outcome keeps the full detail.
     */
    public String loggable() {
        String text = getCause() == null ? detail() : getCause().toString();
        return text == null ? null : ADDRESS.matcher(text).replaceAll("[address]");
    }

}
