package io.mailroom.subscriber.subscriber;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/**
 * Body of {@code PATCH /api/subscribers/{id}}: absent (null) fields are left as they are. {@code subscriptions} sets
 * the status of the named lists (adding the subscription when there is none).
 */
public record PatchSubscriberRequest(
        String email,
        @Size(max = 500) @Pattern(regexp = SubscriberName.PATTERN, message = SubscriberName.MESSAGE) String name,
        Map<String, Object> attributes,
        SubscriberStatus status,
        List<@Valid @NotNull SubscriptionChange> subscriptions) {

    /** The wanted status on one list. */
    public record SubscriptionChange(@NotNull Long list, @NotNull SubscriptionStatus status) {}
}
