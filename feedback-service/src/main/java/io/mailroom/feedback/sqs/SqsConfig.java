package io.mailroom.feedback.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The optional SQS intake ({@code mailroom.sqs.*}): SES → SNS → SQS, polled. Disabled while no queue URL is set. */
@ConfigMapping(prefix = "mailroom.sqs")
public interface SqsConfig {
    /** The queue subscribed to the SES topic (raw message delivery off, so messages keep their SNS signature). */
    Optional<String> queueUrl();

    /** Endpoint override (a local SQS peer); the SDK's regional endpoint when absent. */
    Optional<URI> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Static credentials; the SDK's default provider chain when absent. */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /** Long-polling wait per ReceiveMessage (0–20 s). */
    @WithDefault("20")
    int waitSeconds();

    @WithDefault("10")
    int maxMessages();

    /** Pause after a failed poll before the next one. */
    @WithDefault("5s")
    Duration errorBackoff();
}
