package io.mailroom.dispatch.ratelimit;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Optional per-recipient-domain caps in msg/s for the whole suite,
 * e.g. {@code mailroom.dispatch.domain-caps."gmail.com"=50}.
 */
@ConfigMapping(prefix = "mailroom.dispatch.domain-caps")
public interface DomainCaps {
    @WithParentName
    Map<String, Double> caps();
}
