package io.mailroom.feedback.sns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses an SNS message posted over HTTP whose signed {@code Timestamp} is further than
 * {@code mailroom.sns.max-message-age} from now, either way: a genuine message captured and replayed later (AWS's
 * guidance for HTTP subscribers: reject messages older than about an hour) or dated by a broken clock.
 * Not applied to SQS: that queue is ours, its messages are not replayable by others, and one that waited out an
 * outage of feedback-service is still feedback to keep.
 */
@ApplicationScoped
public class SnsMessageAge {
    private final Duration maxAge;
    private final Clock clock;

    SnsMessageAge(SnsConfig config) {
        this.maxAge = config.maxMessageAge();
        this.clock = Clock.systemUTC();
    }

    /** Throws {@link SnsRejectedException} when the Timestamp is missing, unreadable or out of bounds. */
    public void check(SnsEnvelope envelope) {
        Instant at;
        try {
            at = Instant.parse(envelope.timestamp());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new SnsRejectedException("Timestamp is missing or not an ISO-8601 instant");
        }
        Duration age = Duration.between(at, clock.instant());
        if (age.abs().compareTo(maxAge) > 0) {
            throw new SnsRejectedException("Timestamp " + envelope.timestamp() + " is more than " + maxAge
                    + " from now (mailroom.sns.max-message-age)");
        }
    }
}
