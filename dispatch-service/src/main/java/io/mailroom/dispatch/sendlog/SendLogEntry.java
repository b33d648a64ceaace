package io.mailroom.dispatch.sendlog;

/** One row of the idempotency log. */
public record SendLogEntry(String idempotencyKey, String channel, State state, int attempts, String providerId,
        String reason, String detail, boolean ambiguous) {

    /** SENDING is written before the provider call; RETRYING after a transient failure (safe to send again). */
    public enum State {
        SENDING, RETRYING, SENT, FAILED
    }
}
