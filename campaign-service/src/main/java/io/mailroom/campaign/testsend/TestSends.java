package io.mailroom.campaign.testsend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.unsubscribe.UnsubscribeTokens;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Records test sends and publishes them through the outbox as {@code SendRequest.test(...)} keyed by address, in
 * one transaction; any campaign status is fine, and nothing touches the campaign's recipients.
 */
@ApplicationScoped
public class TestSends {

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    TestSendRepository repository;

    @Inject
    SamplePicker samples;

    @Inject
    UnsubscribeTokens tokens;

    @ConfigProperty(name = "mailroom.public-url")
    String publicUrl;

    public Uni<List<TestSendView>> send(Campaign c, TestSendRequest req, String actor) {
        List<String> emails = req.emails().stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        return samples.pick(c, req.subscriberId()).flatMap(sample -> pool.withTransaction(tx -> repository
                .insert(tx, c.id(), emails, sample.subscriberId(), actor)
                .call(rows -> outbox.append(tx, messages(c, sample, rows)))));
    }

    private List<OutboxMessage> messages(Campaign c, Sample sample, List<TestSendView> rows) {
        // the link is real (the tester sees the List-Unsubscribe header) but bound to subscriber 0, who is never
        // a recipient: clicking it in a test mail cannot unsubscribe the sample subscriber
        String unsubscribeUrl = publicUrl + "/u/" + tokens.issue(c.id(), 0, c.listIds());
        List<OutboxMessage> messages = new ArrayList<>(rows.size());
        for (TestSendView row : rows) {
            messages.add(OutboxMessage.of(Topics.SENDS, row.email(), SendRequest.test(c.id(), row.id(), row.email(),
                    sample.subscriberId(), sample.name(), sample.attributes(), unsubscribeUrl, Instant.now())));
        }
        return messages;
    }
}
