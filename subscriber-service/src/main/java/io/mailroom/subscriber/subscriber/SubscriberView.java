package io.mailroom.subscriber.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.subscriber.state.SubscriberRow;

/** A subscriber as the API shows it; {@code suppression} (bounce and complaint facts) only on the single read. */
public record SubscriberView(long id, String email, String name, Map<String, Object> attributes, SubscriberStatus status,
        String statusReason, List<SubscriberRow.Membership> lists, long revision, Instant createdAt,
        Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Suppression suppression) {

    /** What provider feedback taught about the address: counts per kind and the last bounce. */
    public record Suppression(long hardBounces, long softBounces, long complaints, Instant lastBounceAt) {}

    public static SubscriberView of(SubscriberRow r) {
        return of(r, null);
    }

    public static SubscriberView of(SubscriberRow r, Suppression suppression) {
        return new SubscriberView(r.id(), r.email(), r.name(), r.attributes(), r.status(), r.statusReason(), r.lists(),
                r.revision(), r.createdAt(), r.updatedAt(), suppression);
    }
}
