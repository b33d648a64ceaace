package io.mailroom.subscriber.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A recorded bulk action as {@code GET /api/bulk-actions/{id}} shows it. */
public record BulkActionView(long id, String action, Map<String, Object> target, List<Long> lists, long matched,
        long affected, String actor, Instant createdAt, Instant revertedAt, String revertedBy, Long restored) {

    /** The answer to a dry run: nothing changed. */
    public record DryRun(long matched, List<String> sample, String confirmToken) {}

    /** The answer to an execution. */
    public record Executed(long id, long affected) {}

    /** The answer to a revert: how many were restored and how many were left because they changed since. */
    public record Reverted(long id, long restored, long skipped) {}
}
