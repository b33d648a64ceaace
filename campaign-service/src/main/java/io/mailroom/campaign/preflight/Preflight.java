package io.mailroom.campaign.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.campaign.audience.AudienceRules;
import io.mailroom.campaign.audience.ReplicaLag;
import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.ses.SesAccount;
import io.mailroom.campaign.ses.SesQuota;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Looks at a campaign's audience before anything is sent: how many are sendable and why the others are not, which
 * bulk actions blocklisted them, and whether that share is suspicious — the check that would have stopped the
 * listmonk incident (a whole list blocklisted by a mistaken bulk action, then half a campaign silently unsent).
 */
@ApplicationScoped
public class Preflight {
    private static final String BREAKDOWN = "SELECT skip_reason, cause, recent, count(*) AS n FROM ("
            + "SELECT " + AudienceRules.SKIP_REASON + " AS skip_reason, max(s.status_reason) AS cause, "
            + "bool_or(s.status = 'blocklisted' AND s.status_changed_at > now() - interval '24 hours') AS recent "
            + AudienceRules.MEMBERS + " GROUP BY s.id) per_subscriber GROUP BY skip_reason, cause, recent";
    private static final String BULK_PREFIX = "bulk-action:";

    @Inject
    Pool pool;

    @Inject
    ReplicaLag replicaLag;

    @Inject
    SesAccount ses;

    @ConfigProperty(name = "mailroom.preflight.blocklisted-share-threshold", defaultValue = "0.20")
    double blocklistedThreshold;

    @ConfigProperty(name = "mailroom.preflight.unsubscribed-share-threshold", defaultValue = "0.20")
    double unsubscribedThreshold;

    @ConfigProperty(name = "mailroom.preflight.recent-blocklist-share-threshold", defaultValue = "0.05")
    double recentThreshold;

    @ConfigProperty(name = "mailroom.default-rate", defaultValue = "1000")
    int defaultRate;

    public Uni<PreflightReport> check(Campaign c) {
        Uni<SesQuota> quota = "ses".equals(c.channel()) ? ses.quota() : Uni.createFrom().nullItem();
        return quota.flatMap(q -> replicaLag.measure().flatMap(lag -> pool.preparedQuery(BREAKDOWN)
                .execute(Tuple.of(c.listIdArray())).map(rows -> report(c, rows, lag, q))));
    }

    private PreflightReport report(Campaign c, Iterable<Row> rows, Long lag, SesQuota quota) {
        long total = 0;
        long sendable = 0;
        long recent = 0;
        Map<String, Long> byReason = new LinkedHashMap<>();
        Map<String, Long> blocklistedByCause = new LinkedHashMap<>();
        Map<String, Long> recentByCause = new LinkedHashMap<>();
        for (Row r : rows) {
            long n = r.getLong("n");
            String reason = r.getString("skip_reason");
            String cause = r.getString("cause") == null ? "unknown" : r.getString("cause");
            total += n;
            if (reason == null) {
                sendable += n;
                continue;
            }
            byReason.merge(reason, n, Long::sum);
            if (List.of("blocklisted", "bounced", "complained").contains(reason)) {
                blocklistedByCause.merge(cause, n, Long::sum);
                if (Boolean.TRUE.equals(r.getBoolean("recent"))) {
                    recent += n;
                    recentByCause.merge(cause, n, Long::sum);
                }
            }
        }
        long blocklisted = byReason.getOrDefault("blocklisted", 0L);
        long bounced = byReason.getOrDefault("bounced", 0L);
        long complained = byReason.getOrDefault("complained", 0L);
        long unsubscribed = byReason.getOrDefault("unsubscribed", 0L);
        var audience = new PreflightReport.Audience(total, sendable, blocklisted, unsubscribed, bounced, complained,
                byReason.getOrDefault("unconfirmed", 0L), byReason.getOrDefault("disabled", 0L), recent);

        List<Warning> warnings = new ArrayList<>();
        if (total == 0) {
            warnings.add(new Warning(Warning.EMPTY_AUDIENCE, "lists " + c.listIds()
                    + " have no members in the audience replica: nothing to send", true, null));
        } else {
            long suppressed = blocklisted + bounced + complained;
            if (share(suppressed, total) > blocklistedThreshold) {
                warnings.add(new Warning(Warning.BLOCKLISTED_SHARE, String.format(
                        "%d of %d recipients (%.1f%%) are blocklisted, above the %.0f%% threshold%s", suppressed, total,
                        100.0 * share(suppressed, total), 100 * blocklistedThreshold, culprits(blocklistedByCause)),
                        true, topBulkAction(blocklistedByCause)));
            }
            if (share(recent, total) > recentThreshold) {
                warnings.add(new Warning(Warning.BLOCKLIST_SPIKE, String.format(
                        "%d recipients (%.1f%% of the audience) were blocklisted in the last 24 hours%s", recent,
                        100.0 * share(recent, total), culprits(recentByCause)), true, topBulkAction(recentByCause)));
            }
            if (share(unsubscribed, total) > unsubscribedThreshold) {
                warnings.add(new Warning(Warning.UNSUBSCRIBED_SHARE, String.format(
                        "%d of %d recipients (%.1f%%) are unsubscribed from the target lists", unsubscribed, total,
                        100.0 * share(unsubscribed, total)), true, null));
            }
        }
        if (lag == null || lag > 0) {
            warnings.add(new Warning(Warning.REPLICA_LAG, lag == null
                    ? "the audience replica's lag could not be measured (Kafka unreachable?)"
                    : "the audience replica is " + lag + " subscriber changes behind: counts may still move",
                    false, null));
        }
        warnings.addAll(Capacity.quotaWarnings(quota, sendable));
        return new PreflightReport(audience, blocklistedByCause,
                Capacity.estimateSeconds(sendable, c.rateLimit(), c.warmup(), quota, defaultRate), quota, lag,
                warnings);
    }

    private static double share(long part, long total) {
        return total == 0 ? 0 : (double) part / total;
    }

    private static String culprits(Map<String, Long> byCause) {
        List<String> bulk = byCause.entrySet().stream().filter(e -> e.getKey().startsWith(BULK_PREFIX))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " by bulk action " + e.getKey().substring(BULK_PREFIX.length()))
                .toList();
        if (bulk.isEmpty()) {
            return "";
        }
        return "; " + String.join(", ", bulk)
                + " — if that was a mistake, revert it (POST /api/bulk-actions/{id}/revert on subscriber-service)";
    }

    private static Long topBulkAction(Map<String, Long> byCause) {
        return byCause.entrySet().stream().filter(e -> e.getKey().startsWith(BULK_PREFIX))
                .max(Map.Entry.comparingByValue())
                .map(e -> Long.valueOf(e.getKey().substring(BULK_PREFIX.length()))).orElse(null);
    }
}
