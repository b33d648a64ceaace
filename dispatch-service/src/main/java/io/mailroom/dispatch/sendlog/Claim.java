package io.mailroom.dispatch.sendlog;

/** The answer to "may I send this key now?": either this worker owns the attempt, or the log already has a row. */
public sealed interface Claim {
    /**
     * The attempt is ours; {@code attempts} counts it; {@code ambiguous} when an earlier attempt may have been
     * delivered already (its connection was lost at an unknown stage).
     */
    record Owned(int attempts, boolean ambiguous) implements Claim {}

    /** Another attempt got there first (or finished earlier): the caller decides from its state. */
    record Existing(SendLogEntry entry) implements Claim {}
}
