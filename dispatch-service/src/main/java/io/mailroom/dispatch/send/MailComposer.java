package io.mailroom.dispatch.send;

import java.util.LinkedHashMap;
import java.util.Map;

import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.render.RenderedMail;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendRequest;

/** Builds the provider-neutral mail: deterministic Message-ID, idempotency and one-click unsubscribe headers, tags. */
final class MailComposer {
    static final String KEY_HEADER = "X-Mailroom-Key";

    private MailComposer() {
    }

    /** {@code <campaign.subscriber.generation@mailroom>}; a test send's {@code <test.campaign.id@mailroom>}. */
    static String messageId(SendRequest send) {
        return "<" + send.idempotencyKey().replace(':', '.') + "@mailroom>";
    }

    static OutgoingMail compose(CampaignState campaign, SendRequest send, RenderedMail rendered) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (campaign.headers() != null) {
            headers.putAll(campaign.headers());
        }
        headers.put(KEY_HEADER, send.idempotencyKey());
        if (send.unsubscribeUrl() != null && !send.unsubscribeUrl().isBlank()) {
            headers.put("List-Unsubscribe", "<" + send.unsubscribeUrl() + ">");
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        Map<String, String> tags = new LinkedHashMap<>(Map.of("campaign", Long.toString(send.campaignId()),
                "subscriber", Long.toString(send.subscriberId()), "generation", Integer.toString(send.generation())));
        if (send.isTest()) {
            // feedback about a test mail must not be mapped to the sample subscriber
            tags.put("purpose", send.purpose().name().toLowerCase());
        }
        return new OutgoingMail(campaign.fromEmail(), campaign.replyTo(), send.email(), rendered.subject(),
                rendered.body(), rendered.html(), messageId(send), headers, tags);
    }
}
