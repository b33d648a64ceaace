package io.mailroom.feedback.sns;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.mailroom.events.EventCodec;
import io.mailroom.platform.problem.ProblemException;

/** Reads an SNS envelope from a request body, or answers 400 naming what is wrong. */
public final class SnsEnvelopeReader {
    private SnsEnvelopeReader() {
    }

    public static SnsEnvelope read(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("body", "must be an SNS message");
        }
        SnsEnvelope envelope;
        try {
            envelope = EventCodec.mapper().readValue(body, SnsEnvelope.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "not an SNS JSON message: " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isKnownType()) {
            throw ProblemException.badRequest("Type",
                    "must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation");
        }
        if (envelope.messageId() == null || envelope.messageId().isBlank()) {
            throw ProblemException.badRequest("MessageId", "is required");
        }
        return envelope;
    }
}
