package io.mailroom.subscriber.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes one batch of an import in one transaction, set-based: the new and (overwrite) existing subscribers with
 * their subscriptions and published states ({@link ImportUpserts}), the row errors and the progress counters.
 * A row whose email an earlier row of the same import had is a duplicate in the file ({@link #firstSeen}).
 */
@ApplicationScoped
public class ImportBatchWriter {
    @Inject
    Pool pool;

    @Inject
    ImportUpserts upserts;

    @ConfigProperty(name = "mailroom.import.max-stored-errors", defaultValue = "10000")
    long maxStoredErrors;

    /**
     * Records the batch's emails as read by this import and returns, for those an earlier batch had read, the line
     * where each was first seen. Committed on its own, batch after batch, before the batch is written: batches written
     * side by side must already see each other's emails.
     */
    Uni<Map<String, Long>> firstSeen(long importId, List<ImportRow> rows) {
        String[] emails = rows.stream().map(ImportRow::email).toArray(String[]::new);
        return pool.preparedQuery("""
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

    /**
     * Writes the batch ({@code seen}: its result of {@link #firstSeen}); its transaction commits only once
     * {@code previous} (the batch before it) has, so that the committed batches are always a prefix of the file.
     */
    Uni<Void> write(ImportSettings settings, ImportBatch batch, Map<String, Long> seen, Uni<Void> previous) {
        List<ImportError> errors = new ArrayList<>(batch.errors());
        List<ImportRow> unique = new ArrayList<>(batch.rows().size());
        for (ImportRow row : batch.rows()) {
            Long first = seen.get(row.email());
            if (first == null) {
                unique.add(row);
            } else {
                errors.add(new ImportError(row.line(), "duplicate email in file: " + row.email()
                        + " (first at line " + first + ")"));
            }
        }
        return pool.withTransaction(tx -> upserts.create(tx, settings, unique).flatMap(created -> {
            List<ImportRow> taken = unique.stream().filter(r -> !created.contains(r.email())).toList();
            return (settings.overwrite() ? upserts.overwrite(tx, settings, taken) : Uni.createFrom().item(0))
                    .call(updated -> previous)
                    .flatMap(updated -> storeErrors(tx, settings.importId(), errors)
                            .flatMap(x -> progress(tx, settings.importId(), batch.size(), created.size() + updated,
                                    taken.size() - updated, errors.size(), batch.lastLine())));
        }));
    }

    /** Forgets what the import has read (called when it ends). */
    public Uni<Void> forget(long importId) {
        return pool.preparedQuery("DELETE FROM import_seen WHERE import_id = $1").execute(Tuple.of(importId))
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

    /** Adds the batch to the counters; fails when the import is no longer running (recovery declared it dead). */
    private static Uni<Void> progress(SqlClient tx, long importId, long processed, long imported, long skipped,
            long errors, long lastLine) {
        return tx.preparedQuery("""
                        UPDATE imports SET processed = processed + $2, imported = imported + $3, skipped = skipped + $4,
                               error_count = error_count + $5, last_line = GREATEST(last_line, $6), heartbeat_at = now()
                        WHERE id = $1 AND status = 'running'""")
                .execute(Tuple.of(importId, processed, imported, skipped, errors, lastLine))
                .invoke(result -> {
                    if (result.rowCount() == 0) {
                        throw new IllegalStateException("import " + importId + " is no longer running");
                    }
                })
                .replaceWithVoid();
    }
}
