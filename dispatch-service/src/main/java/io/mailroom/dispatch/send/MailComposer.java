package io.mailroom.dispatch.send;

import java.util.LinkedHashMap;
import java.util.Map;

import io.mailroom.dispatch.channel.OutgoingMail;
import io.mailroom.dispatch.render.HeaderText;
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

    /**
     * Every header value is put on one line ({@link HeaderText#singleLine}): subscriber names, campaign headers and
     * addresses come from outside and must not add a header; a campaign header name that is not one throws
     * {@link io.mailroom.dispatch.render.RenderException}.
     */
    static OutgoingMail compose(CampaignState campaign, SendRequest send, RenderedMail rendered) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (campaign.headers() != null) {
            campaign.headers().forEach((name, value) -> headers.put(HeaderText.name(name), HeaderText.singleLine(value)));
        }
        headers.put(KEY_HEADER, send.idempotencyKey());
        if (send.unsubscribeUrl() != null && !send.unsubscribeUrl().isBlank()) {
            headers.put("List-Unsubscribe", "<" + HeaderText.singleLine(send.unsubscribeUrl()) + ">");
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        Map<String, String> tags = new LinkedHashMap<>(Map.of("campaign", Long.toString(send.campaignId()),
                "subscriber", Long.toString(send.subscriberId()), "generation", Integer.toString(send.generation())));
        if (send.isTest()) {
            // feedback about a test mail must not be mapped to the sample subscriber
            tags.put("purpose", send.purpose().name().toLowerCase());
        }
        return new OutgoingMail(HeaderText.singleLine(campaign.fromEmail()), HeaderText.singleLine(campaign.replyTo()),
                HeaderText.singleLine(send.email()), HeaderText.singleLine(rendered.subject()), rendered.body(),
                rendered.html(), messageId(send), headers, tags);
    }
}
