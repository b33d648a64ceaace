package io.mailroom.subscriber.list;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A list as the API shows it; {@code counts} only on the single-list read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListView(long id, String name, String description, Optin optin, List<String> tags, Instant createdAt,
        Counts counts) {

    /** Members by subscription status and by subscriber status. */
    public record Counts(long total, Map<String, Long> subscriptions, Map<String, Long> subscribers) {}
}
