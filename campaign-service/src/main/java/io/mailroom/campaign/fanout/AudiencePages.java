package io.mailroom.campaign.fanout;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.audience.AudienceRules;
import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the next keyset page of a campaign's audience and turns it into recipient rows and send requests. */
@ApplicationScoped
public class AudiencePages {
    private static final String MEMBERS = "SELECT s.id, max(s.email) AS email, max(s.name) AS name, "
            + "(array_agg(s.attributes))[1]::text AS attributes, " + AudienceRules.SKIP_REASON + " AS skip_reason, "
            + "max(s.status_reason) AS status_reason "
            + AudienceRules.MEMBERS
            // both bounds: with only the subscription's, the join scanned audience_subscriber from the first id on
            // every batch, which made the fan-out quadratic in the audience (found by the fan-out benchmark)
            + " AND sub.subscriber_id > $2 AND s.id > $2 GROUP BY s.id ORDER BY s.id LIMIT $3";

    @Inject
    SendRequests sends;

    @ConfigProperty(name = "mailroom.fanout.batch-size", defaultValue = "2000")
    int batchSize;

    /** The page after {@code after}, read through {@code client} (the batch's transaction or, ahead of it, the pool). */
    Uni<AudiencePage> read(SqlClient client, Campaign c, long after) {
        return client.preparedQuery(MEMBERS).execute(Tuple.of(c.listIdArray(), after, batchSize))
                .map(rows -> page(c, after, rows));
    }

    private AudiencePage page(Campaign c, long after, RowSet<Row> rows) {
        int n = rows.size();
        Long[] ids = new Long[n];
        String[] emails = new String[n];
        String[] states = new String[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        List<OutboxMessage> queued = new ArrayList<>(n);
        int i = 0;
        for (Row r : rows) {
            ids[i] = r.getLong("id");
            emails[i] = r.getString("email");
            reasons[i] = r.getString("skip_reason");
            states[i] = reasons[i] == null ? "QUEUED" : "SKIPPED";
            details[i] = reasons[i] == null ? null : r.getString("status_reason");
            if (reasons[i] == null) {
                queued.add(sends.message(c.id(), c.listIds(), ids[i], emails[i], c.generation(),
                        r.getString("name"), new JsonObject(r.getString("attributes")).getMap()));
            }
            i++;
        }
        return new AudiencePage(c.id(), c.generation(), after, ids, emails, states, reasons, details, queued);
    }
}
