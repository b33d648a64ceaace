package io.mailroom.subscriber.bulk;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a bulk action does to every subscriber it targets. */
public enum BulkActionType {
    @JsonProperty("blocklist") BLOCKLIST,
    @JsonProperty("unblocklist") UNBLOCKLIST,
    @JsonProperty("unsubscribe") UNSUBSCRIBE,
    @JsonProperty("delete") DELETE,
    @JsonProperty("add-lists") ADD_LISTS,
    @JsonProperty("remove-lists") REMOVE_LISTS;

    /** Whether the action reads {@code lists} (unsubscribe: empty means every list). */
    public boolean usesLists() {
        return this == UNSUBSCRIBE || needsLists();
    }

    /** Whether {@code lists} must name at least one list. */
    public boolean needsLists() {
        return this == ADD_LISTS || this == REMOVE_LISTS;
    }
}
