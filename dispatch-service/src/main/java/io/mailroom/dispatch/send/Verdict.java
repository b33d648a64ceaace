package io.mailroom.dispatch.send;

/** What the consumer does with a send record once its processing ended. */
public record Verdict(Kind kind, String reason) {
    /**
     * Acknowledge, hand to the delayed-retry topics, dead-letter, or leave it to the next owner of the partition
     * (shutting down, nothing was claimed).
     */
    public enum Kind {
        DONE, RETRY, DEAD_LETTER, LEAVE
    }

    public static final Verdict DONE = new Verdict(Kind.DONE, null);
    public static final Verdict LEAVE = new Verdict(Kind.LEAVE, "left unclaimed at shutdown");

    public static Verdict retry(String reason) {
        return new Verdict(Kind.RETRY, reason);
    }

    public static Verdict deadLetter(String reason) {
        return new Verdict(Kind.DEAD_LETTER, reason);
    }
}
