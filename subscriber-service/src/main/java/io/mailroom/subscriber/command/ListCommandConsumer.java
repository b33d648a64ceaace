package io.mailroom.subscriber.command;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.EventCodec;
import io.mailroom.events.ListCommand;
import io.mailroom.events.PoisonEventException;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.Emails;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.list.ListLookup;
import io.mailroom.subscriber.state.SubscriberStates;
import io.mailroom.subscriber.subscriber.SubscriberWrites;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies {@code mailroom.list-commands} once per command id (processed_commands, same transaction as the effect), to
 * the subscriber the command names by id, or else by email.
 * A record that cannot be decoded, or names an unusable email or (to subscribe to) an unknown list, is poison: it goes to
 * {@code mailroom.list-commands.dlq} with the reason and the consumer carries on.
 */
@ApplicationScoped
public class ListCommandConsumer {
    static final String LIST_COMMAND_REASON = "list-command";

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

    @Incoming("list-commands")
    public Uni<Void> consume(String payload) {
        return Consumers.retryTransient(Uni.createFrom().deferred(() -> apply(EventCodec.decode(payload, ListCommand.class))));
    }

    Uni<Void> apply(ListCommand command) {
        String email = Emails.normalize(command.email());
        String problem = Emails.problem(email);
        if (problem != null) {
            throw new PoisonEventException("email " + problem);
        }
        String attributes;
        try {
            attributes = command.attributes() == null ? null : Json.attributes(command.attributes());
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("attributes " + e.getMessage());
        }
        List<Long> listIds = command.listIds() == null ? List.of() : command.listIds();
        return pool.withTransaction(tx -> tx
                .preparedQuery("INSERT INTO processed_commands (command_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(command.commandId()))
                .flatMap(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : lists.missing(tx, listIds).flatMap(missing -> {
                            // unsubscribing from a list that does not exist (any more) changes nothing: not poison
                            if (!missing.isEmpty() && command.command() != ListCommand.Command.UNSUBSCRIBE) {
                                throw new PoisonEventException("lists " + missing + " do not exist");
                            }
                            return effect(tx, command, email, attributes, listIds);
                        })));
    }

    private Uni<Void> effect(SqlClient tx, ListCommand command, String email, String attributes, List<Long> listIds) {
        // by id when the command names the subscriber: the email its source captured may be someone else's by now
        boolean byId = command.subscriberId() != null;
        boolean createIfMissing = command.command() != ListCommand.Command.UNSUBSCRIBE && !byId;
        SubscriberStatus initial = command.command() == ListCommand.Command.BLOCKLIST
                ? SubscriberStatus.BLOCKLISTED : SubscriberStatus.ENABLED;
        String initialReason = initial == SubscriberStatus.BLOCKLISTED ? LIST_COMMAND_REASON : null;
        return (byId ? writes.lock(tx, command.subscriberId()) : writes.lockByEmail(tx, email)).flatMap(row -> {
            if (row == null && !createIfMissing) {
                return Uni.createFrom().item((Long) null);
            }
            if (row == null) {
                return writes.insert(tx, email, command.name(), attributes == null ? "{}" : attributes, initial,
                        initialReason).map(id -> {
                            if (id == null) {
                                // created concurrently: roll back and let the retry find it
                                throw new IllegalStateException("subscriber " + email + " was created concurrently");
                            }
                            return id;
                        });
            }
            long id = row.getLong("id");
            Uni<Void> change = switch (command.command()) {
                case UPSERT, SUBSCRIBE -> writes.setProfile(tx, id, command.name(), attributes);
                case UNSUBSCRIBE -> writes.unsubscribe(tx, id, listIds).flatMap(n -> writes.touch(tx, id));
                case BLOCKLIST -> "blocklisted".equals(row.getString("status")) ? writes.touch(tx, id)
                        : writes.setStatus(tx, id, SubscriberStatus.BLOCKLISTED, LIST_COMMAND_REASON);
            };
            return change.replaceWith(id);
        }).flatMap(id -> {
            if (id == null) {
                return Uni.createFrom().voidItem();
            }
            boolean subscribes = command.command() == ListCommand.Command.SUBSCRIBE
                    || command.command() == ListCommand.Command.UPSERT;
            return (subscribes ? lists.subscribe(tx, List.of(id), listIds, command.command() == ListCommand.Command.SUBSCRIBE)
                    : Uni.createFrom().item(0))
                    .flatMap(n -> states.publish(tx, List.of(id)))
                    .flatMap(v -> audit.subscriber(tx, "list-command:" + (command.source() == null ? "unknown" : command.source()),
                            "list-command." + command.command().name().toLowerCase(java.util.Locale.ROOT), id,
                            detail(command)));
        });
    }

    private static Map<String, Object> detail(ListCommand command) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("commandId", command.commandId());
        if (command.reason() != null) {
            detail.put("reason", command.reason());
        }
        if (command.listIds() != null) {
            detail.put("lists", command.listIds());
        }
        return detail;
    }
}
