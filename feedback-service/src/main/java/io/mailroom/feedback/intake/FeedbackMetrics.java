package io.mailroom.feedback.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer counters: notifications by source/SES type/duplicate, feedback events by kind, rejected requests. */
@ApplicationScoped
public class FeedbackMetrics {
    private final MeterRegistry registry;

    FeedbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recorded(InboundNotification n, IngestResult result) {
        String sesType = n.notification().sesType() == null ? "none" : n.notification().sesType();
        registry.counter("mailroom.feedback.notifications", "source", n.source(), "ses_type", sesType,
                "duplicate", String.valueOf(result.duplicate())).increment();
        for (FeedbackEvent e : result.events()) {
            registry.counter("mailroom.feedback.events", "kind", e.kind().name()).increment();
        }
    }

    public void rejected(String source) {
        registry.counter("mailroom.feedback.rejected", "source", source).increment();
    }
}
