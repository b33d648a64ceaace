package io.mailroom.subscriber.list;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a list needs a confirmation before a subscription counts ({@code double}) or not ({@code single}). */
public enum Optin {
    @JsonProperty("single") SINGLE,
    @JsonProperty("double") DOUBLE
}
