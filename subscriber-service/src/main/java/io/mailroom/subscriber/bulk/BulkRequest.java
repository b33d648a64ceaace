package io.mailroom.subscriber.bulk;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/**
 * Body of {@code POST /api/bulk-actions}: the action, its target (explicit {@code ids} or a {@code filter}), the lists
 * it applies to (unsubscribe: empty = all lists; add-lists / remove-lists: required) and, to execute, the token of
 * the dry run.
 */
public record BulkRequest(
        @NotNull BulkActionType action,
        @Size(min = 1, max = 100_000) List<@NotNull Long> ids,
        Filter filter,
        List<@NotNull Long> lists,
        String confirmToken) {

    /** A filter target, with the same meaning as the subscriber query's parameters. */
    public record Filter(Long list, SubscriberStatus status, SubscriptionStatus subscriptionStatus, String emailDomain) {}
}
