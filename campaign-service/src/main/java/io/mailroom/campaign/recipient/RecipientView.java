package io.mailroom.campaign.recipient;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** One recipient as the API shows it. */
public record RecipientView(long subscriberId, String email, int generation, String state, String reason,
        String detail, int attempts, String providerMessageId, boolean ambiguous, OffsetDateTime updatedAt) {

    static RecipientView from(Row r) {
        return new RecipientView(r.getLong("subscriber_id"), r.getString("email"), r.getInteger("generation"),
                r.getString("state"), r.getString("reason"), r.getString("detail"), r.getInteger("attempts"),
                r.getString("provider_message_id"), r.getBoolean("ambiguous"), r.getOffsetDateTime("updated_at"));
    }
}
