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

    /** How often the account's MaxSendRate is read again with GetAccount. */
    @WithDefault("5m")
    java.time.Duration accountRefresh();
}
