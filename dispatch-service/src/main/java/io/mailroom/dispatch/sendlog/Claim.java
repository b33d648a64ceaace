package io.mailroom.dispatch.sendlog;

/** The answer to "may I send this key now?": either this worker owns the attempt, or the log already has a row. */
public sealed interface Claim {
    /** The attempt is ours; {@code attempts} counts it. */
    record Owned(int attempts) implements Claim {}

    /** Another attempt got there first (or finished earlier): the caller decides from its state. */
    record Existing(SendLogEntry entry) implements Claim {}
}
