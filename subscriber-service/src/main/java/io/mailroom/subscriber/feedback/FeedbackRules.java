package io.mailroom.subscriber.feedback;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When provider feedback blocklists a subscriber; defaults as listmonk's (hard ×1, soft ×3 in 14 days, complaint ×1). */
@ConfigMapping(prefix = "mailroom.feedback")
public interface FeedbackRules {
    /** Hard bounces (ever) that blocklist, reason {@code hard-bounce}; 0 disables the rule. */
    @WithDefault("1")
    int hardBounceCount();

    /** Soft bounces within {@link #softBounceWindow()} that blocklist, reason {@code soft-bounce}; 0 disables. */
    @WithDefault("3")
    int softBounceCount();

    @WithDefault("14d")
    Duration softBounceWindow();

    /** Complaints (ever) that blocklist, reason {@code complaint}; 0 disables. */
    @WithDefault("1")
    int complaintCount();

    /** Whether a complaint that blocklists also unsubscribes from every list. */
    @WithDefault("true")
    boolean complaintUnsubscribes();
}
