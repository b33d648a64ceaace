package io.mailroom.dispatch.suppression;

import java.util.List;
import java.util.Optional;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/** The last-moment suppression rule: why a send must be skipped, if it must. */
public final class Suppression {
    public static final String BLOCKLISTED = "blocklisted";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String DELETED = "deleted";

    /** A reason to skip, with an optional detail. */
    public record Skip(String reason, String detail) {}

    private Suppression() {
    }

    /**
     * Unknown subscribers are sent to (campaign-service checked them at fan-out); a known one is skipped when deleted,
     * blocklisted, or no longer actively subscribed to any of the campaign's target lists.
     */
    public static Optional<Skip> check(SubscriberFacts facts, List<Long> campaignLists) {
        if (facts == null) {
            return Optional.empty();
        }
        if (facts.deleted()) {
            return Optional.of(new Skip(DELETED, null));
        }
        if (facts.status() == SubscriberStatus.BLOCKLISTED) {
            return Optional.of(new Skip(BLOCKLISTED, facts.statusReason()));
        }
        if (campaignLists != null && !campaignLists.isEmpty() && facts.subscriptions().stream()
                .noneMatch(s -> campaignLists.contains(s.listId()) && s.status() != SubscriptionStatus.UNSUBSCRIBED)) {
            return Optional.of(new Skip(UNSUBSCRIBED, null));
        }
        return Optional.empty();
    }
}
