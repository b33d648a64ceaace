package io.mailroom.feedback.sns;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.feedback.intake.FeedbackIntake;
import io.mailroom.feedback.intake.InboundNotification;
import io.mailroom.feedback.intake.IngestResult;
import io.mailroom.feedback.ses.SesNotification;
import io.mailroom.feedback.ses.SesNotificationParser;
import io.smallrye.mutiny.Uni;

/**
 * What every SNS message goes through, whether it came over HTTP or through SQS: allowed topic, valid signature,
 * subscription confirmed when asked, then archived with its feedback. Fails with {@link SnsRejectedException} for
 * anything not provably from an allowed topic, before anything is stored.
 */
@ApplicationScoped
public class SnsMessageHandler {
    private final SnsConfig config;
    private final SnsSignatureVerifier verifier;
    private final SubscriptionConfirmer confirmer;
    private final FeedbackIntake intake;

    SnsMessageHandler(SnsConfig config, SnsSignatureVerifier verifier, SubscriptionConfirmer confirmer,
            FeedbackIntake intake) {
        this.config = config;
        this.verifier = verifier;
        this.confirmer = confirmer;
        this.intake = intake;
    }

    public Uni<IngestResult> handle(SnsEnvelope envelope, String rawBody, String source) {
        if (!config.allowedTopicArns().contains(envelope.topicArn())) {
            return Uni.createFrom().failure(new SnsRejectedException("TopicArn " + envelope.topicArn() + " is not allowed"));
        }
        Uni<Void> verified = verifier.verify(envelope);
        if (SnsEnvelope.SUBSCRIPTION_CONFIRMATION.equals(envelope.type())) {
            verified = verified.call(() -> confirmer.confirm(envelope));
        }
        return verified.flatMap(x -> intake.ingest(inbound(envelope, rawBody, source)));
    }

    private static InboundNotification inbound(SnsEnvelope envelope, String body, String source) {
        SesNotification ses = SnsEnvelope.NOTIFICATION.equals(envelope.type())
                ? SesNotificationParser.parse(envelope.message())
                : SesNotification.none();
        return new InboundNotification(envelope.messageId(), source, envelope.type(), envelope.topicArn(), body, ses,
                timestamp(envelope));
    }

    private static Instant timestamp(SnsEnvelope envelope) {
        try {
            return Instant.parse(envelope.timestamp());
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
