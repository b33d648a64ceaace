package io.mailroom.subscriber.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A recorded bulk action as {@code GET /api/bulk-actions/{id}} shows it. */
public record BulkActionView(long id, String action, Map<String, Object> target, List<Long> lists, long matched,
        long affected, String status, String actor, Instant createdAt, Instant revertedAt, String revertedBy,
        String revertStatus, Long restored, Long skipped) {

    /** The answer to a dry run: nothing changed. */
    public record DryRun(long matched, List<String> sample, String confirmToken) {}

    /** The answer to an execution: {@code status} running when it goes on after the answer (affected so far). */
    public record Executed(long id, long affected, String status) {}

    /**
     * The answer to a revert: how many were restored and how many were left because they changed since (so far, when
     * {@code status} is running).
     */
    public record Reverted(long id, long restored, long skipped, String status) {}
}
