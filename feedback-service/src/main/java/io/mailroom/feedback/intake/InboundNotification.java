package io.mailroom.feedback.intake;

import java.time.Instant;

import io.mailroom.feedback.ses.SesNotification;

/**
 * A verified notification about to be stored: the id it is deduplicated on (SNS MessageId, or the SQS/DSN
 * equivalent), where it came from ({@code sns}, {@code sqs}, {@code dsn}), its message type, the raw body as received,
 * what it says, and the time to use when the notification itself carries none.
 */
public record InboundNotification(String messageId, String source, String messageType, String topicArn, String body,
        SesNotification notification, Instant receivedAt) {
}
