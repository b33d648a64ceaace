package io.mailroom.dispatch.channel.ses;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Amazon SES v2 ({@code mailroom.ses.*}); an endpoint override (moto, a local peer) implies static credentials. */
@ConfigMapping(prefix = "mailroom.ses")
public interface SesConfig {
    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    @WithDefault("test")
    String accessKey();

    @WithDefault("test")
    String secretKey();

    Optional<String> configurationSet();

    /** Concurrent SendEmail calls on the SDK's Netty client. */
    @WithDefault("50")
    int maxConcurrency();

    /**
     * The longest one HTTP attempt of an SES call may take. SendEmail answers in well under a second; an endpoint
     * that accepts the connection and then says nothing (a stalled load balancer, a half-open socket) must fail the
     * attempt, or the SDK would wait forever and hold the send, its in-flight slot and its Kafka offset.
     */
    @WithDefault("10s")
    java.time.Duration apiCallAttemptTimeout();

    /**
     * The longest a whole SES call may take, the SDK's own retries included. Like SMTP's send timeout it stays
     * below dispatch's take-over age of a SENDING claim (mailroom.dispatch.take-over-after, 45 s) and the shutdown
     * drain: a timed-out SendEmail is a transient failure (possibly delivered, as SendEmail has no idempotency token)
     * handed to the delayed retries.
     */
    @WithDefault("25s")
    java.time.Duration apiCallTimeout();

    /** How often the account's MaxSendRate is read again with GetAccount. */
    @WithDefault("5m")
    java.time.Duration accountRefresh();
}
