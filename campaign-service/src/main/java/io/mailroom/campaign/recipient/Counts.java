package io.mailroom.campaign.recipient;

import java.util.Map;

/** A campaign's accounting, derived from its recipient rows: total == queued + sent + skipped + failed. */
public record Counts(long total, long queued, long sent, long skipped, long failed, Map<String, Long> skippedByReason,
        Map<String, Long> failedByReason, long ambiguous, double sendsPerSecond) {
}
