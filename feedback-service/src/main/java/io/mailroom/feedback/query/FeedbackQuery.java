package io.mailroom.feedback.query;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads feedback rows by optional email, kind and campaign, newest first. */
@ApplicationScoped
public class FeedbackQuery {
    private final Pool pool;

    FeedbackQuery(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<FeedbackView>> find(String email, FeedbackEvent.Kind kind, Long campaign, int page, int size) {
        StringBuilder sql = new StringBuilder("""
                SELECT f.feedback_id, f.kind, f.email, f.campaign_id, f.subscriber_id, f.subtype, f.diagnostic,
                       f.provider_message_id, n.message_id, f.occurred_at
                FROM feedback f JOIN notification n ON n.id = f.notification_id WHERE true""");
        List<Object> args = new ArrayList<>();
        if (email != null) {
            args.add(email);
            sql.append(" AND f.email = $").append(args.size());
        }
        if (kind != null) {
            args.add(kind.name());
            sql.append(" AND f.kind = $").append(args.size());
        }
        if (campaign != null) {
            args.add(campaign);
            sql.append(" AND f.campaign_id = $").append(args.size());
        }
        args.add(size);
        sql.append(" ORDER BY f.id DESC LIMIT $").append(args.size());
        args.add((long) page * size);
        sql.append(" OFFSET $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args))
                .map(rows -> {
                    List<FeedbackView> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(view(row)));
                    return out;
                });
    }

    private static FeedbackView view(Row r) {
        return new FeedbackView(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                r.getOffsetDateTime(9).toInstant());
    }
}
