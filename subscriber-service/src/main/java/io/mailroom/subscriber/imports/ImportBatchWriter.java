package io.mailroom.subscriber.imports;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes one batch of an import in one transaction, set-based: the new and (overwrite) existing subscribers with
 * their subscriptions and published states ({@link ImportUpserts}), the row errors and the progress counters
 * (duplicates in the file are found while reading: {@link SeenEmails}).
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
     * Writes the batch; its transaction commits only once {@code previous} (the batch before it) has, so that the
     * committed batches are always a prefix of the file.
     */
    Uni<Void> write(ImportSettings settings, ImportBatch batch, Uni<Void> previous) {
        List<ImportError> errors = batch.errors();
        List<ImportRow> rows = batch.rows();
        return pool.withTransaction(tx -> upserts.create(tx, settings, rows).flatMap(created -> {
            List<ImportRow> taken = rows.stream().filter(r -> !created.contains(r.email())).toList();
            return (settings.overwrite() ? upserts.overwrite(tx, settings, taken) : Uni.createFrom().item(0))
                    .call(updated -> previous)
                    .flatMap(updated -> storeErrors(tx, settings.importId(), errors)
                            .flatMap(x -> progress(tx, settings.importId(), batch.size(), created.size() + updated,
                                    taken.size() - updated, errors.size(), batch.lastLine())));
        }));
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
