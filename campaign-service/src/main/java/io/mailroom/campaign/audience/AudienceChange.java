package io.mailroom.campaign.audience;

import io.mailroom.events.SubscriberState;

/** One record of {@code mailroom.subscribers} for the audience replica: a state, or a deletion at a revision. */
sealed interface AudienceChange {

    record State(SubscriberState state) implements AudienceChange {
    }

    /** A tombstone: the subscriber was deleted at {@code revision} ({@code Tombstones.FINAL} when it did not say). */
    record Deletion(long id, long revision) implements AudienceChange {
    }
}
