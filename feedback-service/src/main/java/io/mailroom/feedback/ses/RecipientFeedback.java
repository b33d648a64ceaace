package io.mailroom.feedback.ses;

import java.time.Instant;

import io.mailroom.events.FeedbackEvent;

/** What one notification says about one recipient, before campaign/subscriber mapping. */
public record RecipientFeedback(FeedbackEvent.Kind kind, String email, String subtype, String diagnostic,
        Instant occurredAt) {

    public RecipientFeedback {
        email = StorableText.of(email);
        subtype = StorableText.of(subtype);
        diagnostic = StorableText.of(diagnostic);
    }
}
