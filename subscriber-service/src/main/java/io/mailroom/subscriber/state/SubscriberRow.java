package io.mailroom.subscriber.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/** A subscriber with all its subscriptions, as read in one query; the source of both the API view and the event. */
public record SubscriberRow(
        long id,
        String email,
        String name,
        Map<String, Object> attributes,
        SubscriberStatus status,
        String statusReason,
        List<SubscriberState.Subscription> subscriptions,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    /** One list membership as the API shows it. */
    public record Membership(long id, SubscriptionStatus status) {}

    public SubscriberState toState() {
        return SubscriberState.of(id, email, name, attributes, status, statusReason, subscriptions, revision, updatedAt);
    }

    public List<Membership> lists() {
        return subscriptions.stream().map(s -> new Membership(s.listId(), s.status())).toList();
    }
}
