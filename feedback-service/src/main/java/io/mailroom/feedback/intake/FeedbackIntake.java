package io.mailroom.feedback.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.platform.group.GroupCall;
import io.smallrye.mutiny.Uni;

/**
 * Stores verified notifications durably and idempotently, grouping the ones that arrive together into one
 * transaction ({@link BatchWriter}). The returned Uni completes after that transaction committed, so callers
 * acknowledge only what is stored; it fails with {@link StoreUnavailableException} when nothing could be stored.
 *
 * <p>A batch starts as soon as one of {@code concurrent-batches} writers is free and takes everything waiting (up to
 * {@code max-batch}), so a lone notification is written at once and a burst fills the next transaction while the
 * current one commits. A batch the database refuses is written again notification by notification, so one bad
 * notification (say a message id too large for its index) does not fail the others.
 */
@ApplicationScoped
public class FeedbackIntake {
    private final GroupCall<InboundNotification, IngestResult> writes;
    private final FeedbackMetrics metrics;

    FeedbackIntake(BatchWriter writer, FeedbackMetrics metrics,
            @ConfigProperty(name = "mailroom.intake.max-batch", defaultValue = "200") int maxBatch,
            @ConfigProperty(name = "mailroom.intake.concurrent-batches", defaultValue = "2") int concurrentBatches) {
        this.writes = new GroupCall<>(maxBatch, writer::write).withConcurrentGroups(concurrentBatches)
                .isolatingFailures();
        this.metrics = metrics;
    }

    public Uni<IngestResult> ingest(InboundNotification n) {
        return writes.submit(n)
                .onFailure().transform(e -> new StoreUnavailableException(n.messageId(), e))
                .invoke(result -> metrics.recorded(n, result));
    }
}
