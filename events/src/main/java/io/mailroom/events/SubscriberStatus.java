package io.mailroom.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A subscriber's global status. */
public enum SubscriberStatus {
    @JsonProperty("enabled") ENABLED,
    @JsonProperty("disabled") DISABLED,
    @JsonProperty("blocklisted") BLOCKLISTED
}
