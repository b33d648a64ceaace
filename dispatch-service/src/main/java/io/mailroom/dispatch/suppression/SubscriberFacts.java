package io.mailroom.dispatch.suppression;

import java.util.List;

import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;

/** The replica's view of one subscriber, as far as sending is concerned. */
public record SubscriberFacts(boolean deleted, SubscriberStatus status, String statusReason,
        List<SubscriberState.Subscription> subscriptions) {

    public static final SubscriberFacts DELETED = new SubscriberFacts(true, null, null, List.of());
}
