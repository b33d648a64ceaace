package io.mailroom.feedback.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The events of each notification, in the given order; one query for all SENT outcomes the tags do not cover. */
    public Uni<List<List<FeedbackEvent>>> events(SqlClient tx, List<InboundNotification> notifications) {
        Set<String> lookups = new LinkedHashSet<>();
        for (InboundNotification n : notifications) {
            SesNotification ses = n.notification();
            if (!ses.feedback().isEmpty() && !tagged(ses) && ses.providerMessageId() != null) {
                lookups.add(ses.providerMessageId());
            }
        }
        return sentMessages.find(tx, lookups).map(sent -> {
            List<List<FeedbackEvent>> out = new ArrayList<>(notifications.size());
            for (InboundNotification n : notifications) {
                out.add(events(n, sent));
            }
            return out;
        });
    }

    private static List<FeedbackEvent> events(InboundNotification n, Map<String, SentMessage> sentById) {
        SesNotification ses = n.notification();
        Long tagCampaign = number(ses.tags().get(CAMPAIGN_TAG));
        Long tagSubscriber = number(ses.tags().get(SUBSCRIBER_TAG));
        SentMessage sent = tagged(ses) || ses.providerMessageId() == null ? null : sentById.get(ses.providerMessageId());
        return ses.feedback().stream().map(f -> event(n, f, tagCampaign, tagSubscriber, sent)).toList();
    }

    private static boolean tagged(SesNotification ses) {
        return number(ses.tags().get(CAMPAIGN_TAG)) != null && number(ses.tags().get(SUBSCRIBER_TAG)) != null;
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
