package io.mailroom.feedback.mapping;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.feedback.intake.InboundNotification;
import io.mailroom.feedback.ses.RecipientFeedback;
import io.mailroom.feedback.ses.SesNotification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Turns a notification's recipient feedback into events, attributing each to its campaign and subscriber: from the
 * {@code campaign}/{@code subscriber} mail tags dispatch sets, else from the SENT outcome of the SES message id, else
 * by email only (both left null; subscriber-service matches on the email key).
 */
@ApplicationScoped
public class RecipientMapper {
    static final String CAMPAIGN_TAG = "campaign";
    static final String SUBSCRIBER_TAG = "subscriber";

    private final SentMessages sentMessages;

    RecipientMapper(SentMessages sentMessages) {
        this.sentMessages = sentMessages;
    }

    public Uni<List<FeedbackEvent>> events(SqlClient tx, InboundNotification n) {
        SesNotification ses = n.notification();
        if (ses.feedback().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Long tagCampaign = number(ses.tags().get(CAMPAIGN_TAG));
        Long tagSubscriber = number(ses.tags().get(SUBSCRIBER_TAG));
        Uni<SentMessage> sent = tagCampaign != null && tagSubscriber != null
                ? Uni.createFrom().nullItem()
                : sentMessages.find(tx, ses.providerMessageId());
        return sent.map(s -> ses.feedback().stream().map(f -> event(n, f, tagCampaign, tagSubscriber, s)).toList());
    }

    private static FeedbackEvent event(InboundNotification n, RecipientFeedback f, Long tagCampaign,
            Long tagSubscriber, SentMessage sent) {
        Long campaign = tagCampaign != null ? tagCampaign : sent != null ? sent.campaignId() : null;
        Long subscriber = tagSubscriber;
        if (subscriber == null && sent != null && f.email().equals(sent.email())) {
            subscriber = sent.subscriberId();
        }
        return FeedbackEvent.of(n.messageId() + ":" + f.email(), f.kind(), f.email(), campaign, subscriber,
                f.subtype(), f.diagnostic(), n.notification().providerMessageId(), n.messageId(),
                f.occurredAt() != null ? f.occurredAt() : n.receivedAt());
    }

    /** A positive id from a tag value, or null (tags are free text; a value we cannot read maps nothing). */
    static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
