package io.mailroom.feedback.sns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the SNS endpoint ({@code mailroom.sns.*}). */
@ConfigMapping(prefix = "mailroom.sns")
public interface SnsConfig {
    /** TopicArns whose messages are accepted and whose subscriptions are confirmed. */
    List<String> allowedTopicArns();

    /** Regular expression the SigningCertURL host must match entirely. */
    @WithDefault("sns[.][a-z0-9-]+[.]amazonaws[.]com([.]cn)?")
    String certHostPattern();

    /**
     * A URL prefix whose certificates are trusted without the https/SNS-host rule. Set only in the test profile
     * (tests serve their own certificate from loopback); never in production.
     */
    Optional<String> trustedCertUrlPrefix();

    /** How far a message's signed Timestamp may be from now (older: a replay; newer: a broken clock). */
    @WithDefault("1h")
    Duration maxMessageAge();

    /** Timeout for fetching a signing certificate and for confirming a subscription. */
    @WithDefault("5s")
    Duration httpTimeout();
}
