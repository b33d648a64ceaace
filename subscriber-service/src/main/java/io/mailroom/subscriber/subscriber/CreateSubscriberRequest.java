package io.mailroom.subscriber.subscriber;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.mailroom.events.SubscriberStatus;

/** Body of {@code POST /api/subscribers}; the email is normalised and checked by {@code Emails}. */
public record CreateSubscriberRequest(
        String email,
        @Size(max = 500) @Pattern(regexp = SubscriberName.PATTERN, message = SubscriberName.MESSAGE) String name,
        Map<String, Object> attributes,
        List<@NotNull Long> lists,
        SubscriberStatus status) {
}
