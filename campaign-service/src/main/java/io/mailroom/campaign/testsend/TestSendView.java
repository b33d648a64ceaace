package io.mailroom.campaign.testsend;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** One test send and, once dispatch reported it, its outcome. */
public record TestSendView(long id, String email, long sampleSubscriberId, String requestedBy, String state,
        String reason, String detail, String providerMessageId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static TestSendView from(Row r) {
        return new TestSendView(r.getLong("id"), r.getString("email"), r.getLong("sample_subscriber_id"),
                r.getString("requested_by"), r.getString("state"), r.getString("reason"), r.getString("detail"),
                r.getString("provider_message_id"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"));
    }
}
