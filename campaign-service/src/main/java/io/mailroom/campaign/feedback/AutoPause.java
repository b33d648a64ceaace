package io.mailroom.campaign.feedback;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.campaign.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Pauses a running campaign, with a readable reason, when its hard-bounce or complaint rate passes the configured
 * limits after enough sends to be meaningful (defaults: 5 % bounces, 0.1 % complaints, 500 sends).
 */
@ApplicationScoped
public class AutoPause {
    private static final String RATES = """
            SELECT (SELECT coalesce(sum(n), 0)::int8 FROM campaign_recipient_count
                    WHERE campaign_id = $1 AND state = 'SENT') AS sent,
                   count(*) FILTER (WHERE kind = 'HARD_BOUNCE') AS bounces,
                   count(*) FILTER (WHERE kind = 'COMPLAINT') AS complaints
            FROM campaign_feedback WHERE campaign_id = $1""";

    @Inject
    CampaignRepository campaigns;

    @ConfigProperty(name = "mailroom.autopause.bounce-rate", defaultValue = "0.05")
    double bounceRate;

    @ConfigProperty(name = "mailroom.autopause.complaint-rate", defaultValue = "0.001")
    double complaintRate;

    @ConfigProperty(name = "mailroom.autopause.min-sends", defaultValue = "500")
    long minSends;

    public Uni<Void> check(SqlClient tx, long campaignId) {
        return tx.preparedQuery(RATES).execute(Tuple.of(campaignId)).flatMap(rows -> {
            var r = rows.iterator().next();
            String reason = reason(r.getLong("sent"), r.getLong("bounces"), r.getLong("complaints"));
            if (reason == null) {
                return Uni.createFrom().voidItem();
            }
            return campaigns.transition(tx, campaignId, List.of(Campaign.RUNNING), Campaign.PAUSED, reason, null)
                    .replaceWithVoid();
        });
    }

    /** Why the campaign must pause, or null when its rates are fine (or too few sends to judge). */
    String reason(long sent, long bounces, long complaints) {
        if (sent < minSends) {
            return null;
        }
        if ((double) bounces / sent > bounceRate) {
            return String.format("auto-paused: bounce rate %.2f%% (%d of %d sent) is above %.2f%%",
                    100.0 * bounces / sent, bounces, sent, 100 * bounceRate);
        }
        if ((double) complaints / sent > complaintRate) {
            return String.format("auto-paused: complaint rate %.2f%% (%d of %d sent) is above %.2f%%",
                    100.0 * complaints / sent, complaints, sent, 100 * complaintRate);
        }
        return null;
    }
}
