package io.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Full current state of one subscriber, published on the compacted {@link Topics#SUBSCRIBERS} topic keyed by
 * subscriber id. A null value (tombstone) means the subscriber was deleted. {@code revision} grows with every change
 * so that a replica can ignore an older state delivered late.
 */
public record SubscriberState(
        String type,
        int version,
        long subscriberId,
        String email,
        String name,
        Map<String, Object> attributes,
        SubscriberStatus status,
        String statusReason,
        List<Subscription> subscriptions,
        long revision,
        Instant updatedAt) implements MailroomEvent {

    public static final String TYPE = "subscriber.state";
    public static final int VERSION = 1;

    /** One list membership. {@code doubleOptin} tells whether the list requires confirmation. */
    public record Subscription(long listId, SubscriptionStatus status, boolean doubleOptin) {}

    public static SubscriberState of(long subscriberId, String email, String name, Map<String, Object> attributes,
            SubscriberStatus status, String statusReason, List<Subscription> subscriptions, long revision,
            Instant updatedAt) {
        return new SubscriberState(TYPE, VERSION, subscriberId, email, name, attributes, status, statusReason,
                subscriptions, revision, updatedAt);
    }
}
