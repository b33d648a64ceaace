package io.mailroom.feedback.intake;

import java.util.List;

import io.mailroom.events.FeedbackEvent;

/** Outcome of storing one notification: whether it had been seen before, and the events it produced this time. */
public record IngestResult(boolean duplicate, List<FeedbackEvent> events) {
    public static final IngestResult DUPLICATE = new IngestResult(true, List.of());
}
