package io.mailroom.dispatch.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailroom.events.SubscriberState.Subscription;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/** The last-moment suppression rule on its own. */
class SuppressionTest {
    private static final List<Long> LISTS = List.of(1L, 2L);

    @Test
    void unknownSubscriberIsNotSuppressed() {
        assertThat(Suppression.check(null, LISTS)).isEmpty();
    }

    @Test
    void deletedSubscriberIsSkipped() {
        assertThat(Suppression.check(SubscriberFacts.DELETED, LISTS)).get()
                .extracting(Suppression.Skip::reason).isEqualTo("deleted");
    }

    @Test
    void blocklistedSubscriberIsSkippedWithTheReasonAsDetail() {
        SubscriberFacts facts = facts(SubscriberStatus.BLOCKLISTED, "complaint", SubscriptionStatus.CONFIRMED);
        assertThat(Suppression.check(facts, LISTS)).contains(new Suppression.Skip("blocklisted", "complaint"));
    }

    @Test
    void subscriberStillOnOneTargetListIsSent() {
        SubscriberFacts facts = new SubscriberFacts(false, SubscriberStatus.ENABLED, null, List.of(
                new Subscription(1, SubscriptionStatus.UNSUBSCRIBED, false),
                new Subscription(2, SubscriptionStatus.UNCONFIRMED, false)));
        assertThat(Suppression.check(facts, LISTS)).isEmpty();
    }

    @Test
    void subscriberUnsubscribedFromEveryTargetListIsSkipped() {
        SubscriberFacts facts = new SubscriberFacts(false, SubscriberStatus.ENABLED, null, List.of(
                new Subscription(1, SubscriptionStatus.UNSUBSCRIBED, false),
                new Subscription(3, SubscriptionStatus.CONFIRMED, false)));
        assertThat(Suppression.check(facts, LISTS)).contains(new Suppression.Skip("unsubscribed", null));
    }

    private static SubscriberFacts facts(SubscriberStatus status, String reason, SubscriptionStatus subscription) {
        return new SubscriberFacts(false, status, reason, List.of(new Subscription(1, subscription, false)));
    }
}
