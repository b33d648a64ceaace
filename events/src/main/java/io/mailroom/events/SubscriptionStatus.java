package io.mailroom.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A subscriber's status on one list. */
public enum SubscriptionStatus {
    @JsonProperty("unconfirmed") UNCONFIRMED,
    @JsonProperty("confirmed") CONFIRMED,
    @JsonProperty("unsubscribed") UNSUBSCRIBED
}
