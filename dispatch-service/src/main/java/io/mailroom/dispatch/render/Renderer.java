package io.mailroom.dispatch.render;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.mailroom.events.CampaignState;
import io.mailroom.events.SendRequest;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/** Renders a campaign's subject and body for one recipient with Qute; templates are compiled once per revision. */
@ApplicationScoped
public class Renderer {
    /** Both compiled templates of one campaign revision. */
    private record Compiled(Template subject, Template body, boolean html) {}

    private final Cache<String, Compiled> compiled = Caffeine.newBuilder().maximumSize(1_000).build();

    @Inject
    Engine engine;

    public RenderedMail render(CampaignState campaign, SendRequest send) {
        Compiled templates;
        try {
            templates = compiled.get(campaign.campaignId() + ":" + campaign.revision(), key -> compile(campaign));
        } catch (RuntimeException e) {
            throw new RenderException("template of campaign " + campaign.campaignId() + ": " + e.getMessage(), e);
        }
        Map<String, Object> data = data(send);
        try {
            return new RenderedMail(templates.subject().render(data), templates.body().render(data), templates.html());
        } catch (RuntimeException e) {
            throw new RenderException(e.getMessage(), e);
        }
    }

    private Compiled compile(CampaignState campaign) {
        boolean html = "html".equals(campaign.contentType());
        // the html variant makes Qute escape subscriber data in the body; the subject is plain text
        Variant bodyVariant = Variant.forContentType(html ? Variant.TEXT_HTML : Variant.TEXT_PLAIN);
        return new Compiled(engine.parse(campaign.subject(), Variant.forContentType(Variant.TEXT_PLAIN)),
                engine.parse(campaign.body(), bodyVariant), html);
    }

    private static Map<String, Object> data(SendRequest send) {
        Map<String, Object> subscriber = new HashMap<>();
        subscriber.put("name", send.name());
        subscriber.put("email", send.email());
        subscriber.put("attributes", send.attributes() == null ? Map.of() : send.attributes());
        Map<String, Object> data = new HashMap<>();
        data.put("subscriber", subscriber);
        data.put("unsubscribeUrl", send.unsubscribeUrl());
        return data;
    }
}
