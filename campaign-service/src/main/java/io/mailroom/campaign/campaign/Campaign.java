package io.mailroom.campaign.campaign;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import io.mailroom.events.Warmup;
import io.vertx.mutiny.sqlclient.Row;

/** A campaign row as stored. */
public record Campaign(long id, String name, String subject, String fromEmail, String replyTo, String body,
        Long templateId, String contentType, String channel, List<Long> listIds, OffsetDateTime sendAt,
        Integer rateLimit, String status, String statusReason, int generation, long fanoutCursor, boolean fanoutDone,
        long revision, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, Warmup warmup) {

    public static final String DRAFT = "draft";
    public static final String SCHEDULED = "scheduled";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String CANCELLED = "cancelled";
    public static final String FINISHED = "finished";
    /** Every status, as a regular expression (for validating a status filter). */
    public static final String ANY_STATUS = DRAFT + "|" + SCHEDULED + "|" + RUNNING + "|" + PAUSED + "|" + CANCELLED
            + "|" + FINISHED;

    public static Campaign from(Row r) {
        return new Campaign(r.getLong("id"), r.getString("name"), r.getString("subject"), r.getString("from_email"),
                r.getString("reply_to"), r.getString("body"), r.getLong("template_id"), r.getString("content_type"),
                r.getString("channel"), Arrays.asList(r.getArrayOfLongs("list_ids")),
                r.getOffsetDateTime("send_at"), r.getInteger("rate_limit"), r.getString("status"),
                r.getString("status_reason"), r.getInteger("generation"), r.getLong("fanout_cursor"),
                r.getBoolean("fanout_done"), r.getLong("revision"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("started_at"), r.getOffsetDateTime("finished_at"), warmup(r));
    }

    private static Warmup warmup(Row r) {
        Integer startRate = r.getInteger("warmup_start_rate");
        return startRate == null ? null
                : new Warmup(startRate, r.getDouble("warmup_factor"), r.getLong("warmup_step_seconds"));
    }

    public Long[] listIdArray() {
        return listIds.toArray(new Long[0]);
    }
}
