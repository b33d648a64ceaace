package io.mailroom.subscriber.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.subscriber.state.SubscriberRow;

/** A subscriber as the API shows it. */
public record SubscriberView(long id, String email, String name, Map<String, Object> attributes, SubscriberStatus status,
        String statusReason, List<SubscriberRow.Membership> lists, long revision, Instant createdAt,
        Instant updatedAt) {

    public static SubscriberView of(SubscriberRow r) {
        return new SubscriberView(r.id(), r.email(), r.name(), r.attributes(), r.status(), r.statusReason(), r.lists(),
                r.revision(), r.createdAt(), r.updatedAt());
    }
}
