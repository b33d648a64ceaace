package io.mailroom.dispatch.send;

/** What to do with a send found SENDING after a crash ({@code mailroom.dispatch.ambiguous-policy}). */
public enum AmbiguousPolicy {
    /** Count it as SENT with {@code ambiguous=true}; never a duplicate, possibly a loss. */
    COUNT,
    /** Send again; never a loss, possibly a duplicate. */
    RESEND
}
