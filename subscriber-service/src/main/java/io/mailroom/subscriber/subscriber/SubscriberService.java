package io.mailroom.subscriber.subscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.platform.problem.Problem;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.DbEnums;
import io.mailroom.subscriber.common.Emails;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.list.ListLookup;
import io.mailroom.subscriber.state.SubscriberRow;
import io.mailroom.subscriber.state.SubscriberStates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Single-subscriber changes from the API: each one commits with its audit entry and its published state. */
@ApplicationScoped
public class SubscriberService {
    @Inject
    Pool pool;

    @Inject
    SubscriberWrites writes;

    @Inject
    ListLookup lists;

    @Inject
    SubscriberStates states;

    @Inject
    AuditLog audit;

    public Uni<SubscriberRow> create(CreateSubscriberRequest request, String actor) {
        String email = Emails.require("email", request.email());
        String attributes = attributes(request.attributes());
        SubscriberStatus status = request.status() == null ? SubscriberStatus.ENABLED : request.status();
        String reason = status == SubscriberStatus.BLOCKLISTED ? "manual" : null;
        List<Long> listIds = request.lists() == null ? List.of() : request.lists();
        return pool.withTransaction(tx -> requireLists(tx, "lists", listIds)
                .flatMap(x -> writes.insert(tx, email, request.name(), attributes, status, reason))
                .flatMap(id -> {
                    if (id == null) {
                        throw duplicate(email);
                    }
                    return lists.subscribe(tx, List.of(id), listIds, false)
                            .flatMap(n -> states.publish(tx, List.of(id)))
                            .flatMap(v -> audit.subscriber(tx, actor, "subscriber.create", id, Map.of("email", email)))
                            .flatMap(v -> states.load(tx, id));
                }));
    }

    /** {@code mayUnblocklist}: whether the caller may set a blocklisted subscriber enabled (an admin's decision). */
    public Uni<SubscriberRow> patch(long id, PatchSubscriberRequest request, String actor, boolean mayUnblocklist) {
        String email = request.email() == null ? null : Emails.require("email", request.email());
        String attributes = request.attributes() == null ? null : attributes(request.attributes());
        List<PatchSubscriberRequest.SubscriptionChange> changes =
                request.subscriptions() == null ? List.of() : request.subscriptions();
        List<Long> listIds = changes.stream().map(PatchSubscriberRequest.SubscriptionChange::list).toList();
        return pool.withTransaction(tx -> writes.lock(tx, id)
                .flatMap(row -> {
                    if (row == null) {
                        throw ProblemException.notFound("subscriber", id);
                    }
                    // checked on the locked row, so a blocklisting that commits meanwhile cannot slip through
                    if (!mayUnblocklist && request.status() == SubscriberStatus.ENABLED
                            && DbEnums.db(SubscriberStatus.BLOCKLISTED).equals(row.getString("status"))) {
                        throw ProblemException.forbidden("status", "enabling a blocklisted subscriber (unblocklist)"
                                + " needs the admin role");
                    }
                    return requireLists(tx, "subscriptions", listIds).flatMap(x -> email == null
                            ? Uni.createFrom().item(true)
                            : tx.preparedQuery("SELECT 1 FROM subscribers WHERE email = $1 AND id <> $2 AND deleted_at IS NULL")
                                    .execute(Tuple.of(email, id)).map(rows -> rows.size() == 0));
                })
                .flatMap(emailFree -> {
                    if (!emailFree) {
                        throw duplicate(email);
                    }
                    return tx.preparedQuery("""
                                    UPDATE subscribers SET email = COALESCE($2, email), name = COALESCE($3, name),
                                      attributes = COALESCE($4::text::jsonb, attributes),
                                      status_reason = CASE WHEN $5::text IS NULL OR $5 = status THEN status_reason
                                                           WHEN $5 = 'blocklisted' THEN 'manual' END,
                                      status = COALESCE($5, status),
                                      revision = revision + 1, updated_at = now()
                                    WHERE id = $1""")
                            .execute(Tuple.from(java.util.Arrays.asList(id, email, request.name(), attributes,
                                    DbEnums.db(request.status()))));
                })
                .flatMap(x -> setSubscriptions(tx, id, changes))
                .flatMap(x -> states.publish(tx, List.of(id)))
                .flatMap(x -> audit.subscriber(tx, actor, "subscriber.update", id, Map.of("fields", fields(request))))
                .flatMap(x -> states.load(tx, id)));
    }

    public Uni<Void> delete(long id, String actor) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("DELETE FROM subscribers WHERE id = $1 AND deleted_at IS NULL RETURNING email")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("subscriber", id);
                    }
                    String email = rows.iterator().next().getString("email");
                    return states.tombstone(tx, List.of(id))
                            .flatMap(v -> audit.subscriber(tx, actor, "subscriber.delete", id, Map.of("email", email)));
                }));
    }

    private Uni<Void> setSubscriptions(SqlClient tx, long id, List<PatchSubscriberRequest.SubscriptionChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] listIds = changes.stream().map(PatchSubscriberRequest.SubscriptionChange::list).toArray(Long[]::new);
        String[] statuses = changes.stream().map(c -> DbEnums.db(c.status())).toArray(String[]::new);
        return tx.preparedQuery("""
                        INSERT INTO subscriptions (subscriber_id, list_id, status)
                        SELECT $1, c.list_id, c.status FROM unnest($2::bigint[], $3::text[]) AS c(list_id, status)
                        ON CONFLICT (subscriber_id, list_id)
                        DO UPDATE SET status = EXCLUDED.status, updated_at = now()
                        WHERE subscriptions.status <> EXCLUDED.status""")
                .execute(Tuple.of(id, listIds, statuses)).replaceWithVoid();
    }

    private Uni<Void> requireLists(SqlClient tx, String field, List<Long> listIds) {
        return lists.missing(tx, listIds).map(missing -> {
            if (!missing.isEmpty()) {
                throw ProblemException.badRequest(field, "lists " + missing + " do not exist");
            }
            return null;
        });
    }

    private static String attributes(Map<String, Object> attributes) {
        try {
            return Json.attributes(attributes);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("attributes", e.getMessage());
        }
    }

    private static ProblemException duplicate(String email) {
        return new ProblemException(new Problem("about:blank", "Conflict", 409,
                "a subscriber with email " + email + " already exists",
                List.of(new Problem.FieldError("email", "already exists"))));
    }

    private static List<String> fields(PatchSubscriberRequest r) {
        List<String> fields = new ArrayList<>();
        if (r.email() != null) {
            fields.add("email");
        }
        if (r.name() != null) {
            fields.add("name");
        }
        if (r.attributes() != null) {
            fields.add("attributes");
        }
        if (r.status() != null) {
            fields.add("status");
        }
        if (r.subscriptions() != null) {
            fields.add("subscriptions");
        }
        return fields;
    }
}
