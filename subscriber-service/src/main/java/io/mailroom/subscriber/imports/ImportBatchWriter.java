package io.mailroom.subscriber.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.subscriber.list.ListLookup;
import io.mailroom.subscriber.state.SubscriberStates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes one batch of an import in one transaction, set-based: a lookup of the batch's emails, one multi-row insert,
 * one multi-row update (overwrite), the subscriptions, the published states, the row errors and the progress counters.
 * A row whose email an earlier row of the same import had is a duplicate in the file (import_seen).
 */
@ApplicationScoped
public class ImportBatchWriter {
    @Inject
    Pool pool;

    @Inject
    ListLookup lists;

    @Inject
    SubscriberStates states;

    @ConfigProperty(name = "mailroom.import.max-stored-errors", defaultValue = "10000")
    long maxStoredErrors;

    /** Writes the rows and records {@code errors} (rows refused before reaching the database) with them. */
    public Uni<Void> write(ImportSettings settings, List<ImportRow> rows, List<ImportError> errors) {
        return pool.withTransaction(tx -> firstSeen(tx, settings.importId(), rows).flatMap(fresh -> {
            List<ImportError> allErrors = new ArrayList<>(errors);
            List<ImportRow> unique = new ArrayList<>(rows.size());
            for (ImportRow row : rows) {
                Long first = fresh.get(row.email());
                if (first == null) {
                    unique.add(row);
                } else {
                    allErrors.add(new ImportError(row.line(), "duplicate email in file: " + row.email()
                            + " (first at line " + first + ")"));
                }
            }
            return tx.preparedQuery("SELECT id, email FROM subscribers WHERE email = ANY($1) AND deleted_at IS NULL FOR UPDATE")
                    .execute(Tuple.of(unique.stream().map(ImportRow::email).toArray(String[]::new)))
                    .flatMap(found -> {
                        Map<String, Long> existing = new HashMap<>();
                        found.forEach(r -> existing.put(r.getString("email"), r.getLong("id")));
                        List<ImportRow> inserts = new ArrayList<>();
                        List<ImportRow> updates = new ArrayList<>();
                        List<Long> updateIds = new ArrayList<>();
                        for (ImportRow row : unique) {
                            Long id = existing.get(row.email());
                            if (id == null) {
                                inserts.add(row);
                            } else if (settings.overwrite()) {
                                updates.add(row);
                                updateIds.add(id);
                            }
                        }
                        long skippedExisting = unique.size() - inserts.size() - updates.size();
                        return insert(tx, settings, inserts).flatMap(inserted -> update(tx, settings, updates, updateIds)
                                .flatMap(x -> {
                                    List<Long> written = new ArrayList<>(inserted);
                                    written.addAll(updateIds);
                                    long lost = inserts.size() - inserted.size(); // created concurrently by someone else
                                    return (settings.blocklist() ? Uni.createFrom().item(0)
                                            : lists.subscribe(tx, written, settings.lists(), false))
                                            .flatMap(n -> states.publish(tx, written))
                                            .flatMap(n -> storeErrors(tx, settings.importId(), allErrors))
                                            .flatMap(n -> progress(tx, settings.importId(), rows.size() + errors.size(),
                                                    written.size(), skippedExisting + lost, allErrors.size()));
                                }));
                    });
        }));
    }

    /**
     * Records the batch's emails as read by this import; returns, for the rows whose email an earlier batch had
     * already read, the line where it was first seen.
     */
    private static Uni<Map<String, Long>> firstSeen(SqlClient tx, long importId, List<ImportRow> rows) {
        String[] emails = rows.stream().map(ImportRow::email).toArray(String[]::new);
        return tx.preparedQuery("""
                        WITH seen AS (SELECT email, line FROM import_seen WHERE import_id = $1 AND email = ANY($2)),
                             ins AS (INSERT INTO import_seen (import_id, email, line)
                                     SELECT $1, v.email, v.line FROM unnest($2::text[], $3::bigint[]) AS v(email, line)
                                     ON CONFLICT DO NOTHING)
                        SELECT email, line FROM seen""")
                .execute(Tuple.of(importId, emails, rows.stream().map(ImportRow::line).toArray(Long[]::new)))
                .map(result -> {
                    Map<String, Long> seen = new HashMap<>();
                    result.forEach(r -> seen.put(r.getString("email"), r.getLong("line")));
                    return seen;
                });
    }

    /** Forgets what the import has read (called when it ends). */
    public Uni<Void> forget(long importId) {
        return pool.preparedQuery("DELETE FROM import_seen WHERE import_id = $1").execute(Tuple.of(importId))
                .replaceWithVoid();
    }

    private Uni<List<Long>> insert(SqlClient tx, ImportSettings settings, List<ImportRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("""
                        INSERT INTO subscribers (email, name, attributes, status, status_reason)
                        SELECT v.email, v.name, COALESCE(v.attributes::jsonb, '{}'::jsonb), $4, $5
                        FROM unnest($1::text[], $2::text[], $3::text[]) AS v(email, name, attributes)
                        ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING RETURNING id""")
                .execute(Tuple.from(java.util.Arrays.asList(
                        rows.stream().map(ImportRow::email).toArray(String[]::new),
                        rows.stream().map(ImportRow::name).toArray(String[]::new),
                        rows.stream().map(ImportRow::attributes).toArray(String[]::new),
                        settings.blocklist() ? "blocklisted" : "enabled",
                        settings.blocklist() ? "import:" + settings.importId() : null)))
                .map(result -> {
                    List<Long> ids = new ArrayList<>(result.size());
                    result.forEach(r -> ids.add(r.getLong("id")));
                    return ids;
                });
    }

    private Uni<Void> update(SqlClient tx, ImportSettings settings, List<ImportRow> rows, List<Long> ids) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                        UPDATE subscribers s SET name = COALESCE(v.name, s.name),
                               attributes = COALESCE(v.attributes::jsonb, s.attributes),
                               status_reason = CASE WHEN $4 AND s.status <> 'blocklisted' THEN 'import:' || $5::bigint
                                                    ELSE s.status_reason END,
                               status = CASE WHEN $4 THEN 'blocklisted' ELSE s.status END,
                               revision = s.revision + 1, updated_at = now()
                        FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, name, attributes)
                        WHERE s.id = v.id""")
                .execute(Tuple.of(ids.toArray(new Long[0]),
                        rows.stream().map(ImportRow::name).toArray(String[]::new),
                        rows.stream().map(ImportRow::attributes).toArray(String[]::new),
                        settings.blocklist(), settings.importId()))
                .replaceWithVoid();
    }

    private Uni<Void> storeErrors(SqlClient tx, long importId, List<ImportError> errors) {
        if (errors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                        INSERT INTO import_errors (import_id, line, reason)
                        SELECT $1, e.line, e.reason FROM unnest($2::bigint[], $3::text[]) AS e(line, reason)
                        WHERE (SELECT error_count FROM imports WHERE id = $1) < $4
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(importId, errors.stream().map(ImportError::line).toArray(Long[]::new),
                        errors.stream().map(ImportError::reason).toArray(String[]::new), maxStoredErrors))
                .replaceWithVoid();
    }

    private static Uni<Void> progress(SqlClient tx, long importId, long processed, long imported, long skipped,
            long errors) {
        return tx.preparedQuery("""
                        UPDATE imports SET processed = processed + $2, imported = imported + $3, skipped = skipped + $4,
                               error_count = error_count + $5
                        WHERE id = $1""")
                .execute(Tuple.of(importId, processed, imported, skipped, errors)).replaceWithVoid();
    }
}
