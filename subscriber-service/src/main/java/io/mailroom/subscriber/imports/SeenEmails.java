package io.mailroom.subscriber.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The emails one import has read so far, each with the line it was first read at, to report a later row with the same
 * email as a duplicate in the file. Kept in PostgreSQL, in a temporary table of a connection the import holds, so the
 * service's heap does not grow with the file (an in-memory table of 6 M emails outgrew a 512 MB heap); only one
 * batch's emails are in memory. An import cut off by a restart is failed, not resumed (ImportRecovery), so the table
 * may die with its connection. One instance per import, used by the reading thread only.
 */
final class SeenEmails implements AutoCloseable {
    // Keyed by the 128-bit MD5 digest of the email as a uuid (an identity, not a security measure: a false duplicate
    // would need two addresses of one file to collide on 128 bits): a fixed 16-byte key is a smaller index and a cheaper
    // comparison than collated text. Statement snapshot: the final SELECT sees the rows of earlier batches, not the ones
    // this statement inserts; repeats within the batch are resolved before (firstInBatch).
    private static final String CHECK = """
            WITH v AS (SELECT md5(e.email)::uuid AS digest, e.line FROM unnest($1::text[], $2::bigint[]) AS e(email, line)),
                 ins AS (INSERT INTO %1$s (digest, line) SELECT digest, line FROM v ON CONFLICT (digest) DO NOTHING
                         RETURNING digest)
            SELECT v.line, s.line AS first FROM v JOIN %1$s s ON s.digest = v.digest
            WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.digest = v.digest)""";

    private final SqlConnection connection;
    private final String table;
    private final String check;
    /** The last check issued; the next one starts after it. */
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);

    private SeenEmails(SqlConnection connection, String table) {
        this.connection = connection;
        this.table = table;
        this.check = CHECK.formatted(table);
    }

    /** Takes a connection of {@code pool} for the import and creates the import's table on it. */
    static SeenEmails open(Pool pool, long importId) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        String table = "import_seen_" + importId;
        try {
            // a pooled connection outlives the import: the table is dropped on close, never left to the next user
            connection.query("CREATE TEMPORARY TABLE " + table + " (digest uuid PRIMARY KEY, line bigint NOT NULL)")
                    .execute().await().indefinitely();
        } catch (RuntimeException e) {
            connection.closeAndAwait();
            throw e;
        }
        return new SeenEmails(connection, table);
    }

    /**
     * The batch without its rows whose email was read before (in this batch or an earlier one), those rows being
     * errors naming the line the email was first read at. Must be called for the batches in file order; the checks
     * run one after the other in that order, so a caller may read the next batch before this one's answer.
     */
    CompletableFuture<ImportBatch> withoutDuplicates(ImportBatch batch) {
        List<ImportRow> candidates = new ArrayList<>(batch.rows().size());
        // a repeat within the batch and the line of its email's first row in the batch
        Map<ImportRow, Long> repeats = new LinkedHashMap<>();
        Map<String, Long> firstLine = new HashMap<>(batch.rows().size() * 2);
        for (ImportRow row : batch.rows()) {
            Long earlier = firstLine.putIfAbsent(row.email(), row.line());
            if (earlier == null) {
                candidates.add(row);
            } else {
                repeats.put(row, earlier);
            }
        }
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(batch);
        }
        Tuple params = Tuple.of(candidates.stream().map(ImportRow::email).toArray(String[]::new),
                candidates.stream().map(ImportRow::line).toArray(Long[]::new));
        // each check starts once the previous one has answered, so that it sees the rows of every batch before it
        CompletableFuture<ImportBatch> result = previous.thenCompose(x -> connection.preparedQuery(check)
                .execute(params).map(rows -> without(batch, candidates, repeats, rows)).subscribeAsCompletionStage());
        previous = result;
        return result;
    }

    private static ImportBatch without(ImportBatch batch, List<ImportRow> candidates, Map<ImportRow, Long> repeats,
            Iterable<Row> found) {
        Map<Long, Long> earlierBatch = new HashMap<>();
        for (Row r : found) {
            earlierBatch.put(r.getLong("line"), r.getLong("first"));
        }
        if (earlierBatch.isEmpty() && repeats.isEmpty()) {
            return batch;
        }
        List<ImportError> errors = new ArrayList<>(batch.errors());
        List<ImportRow> rows = new ArrayList<>(candidates.size());
        for (ImportRow row : candidates) {
            Long first = earlierBatch.get(row.line());
            if (first == null) {
                rows.add(row);
            } else {
                errors.add(duplicate(row, first));
            }
        }
        // the batch's first row of an email read in an earlier batch is a repeat too: the first line is the earlier one
        repeats.forEach((row, inBatch) -> errors.add(duplicate(row, earlierBatch.getOrDefault(inBatch, inBatch))));
        return new ImportBatch(rows, errors);
    }

    private static ImportError duplicate(ImportRow row, long first) {
        return new ImportError(row.line(), "duplicate email in file: " + row.email() + " (first at line " + first + ")");
    }

    /** Drops the table and gives the connection back to the pool. */
    @Override
    public void close() {
        try {
            previous.handle((x, e) -> null).join(); // no check may run after the table is gone
            connection.query("DROP TABLE IF EXISTS " + table).execute().await().indefinitely();
        } finally {
            connection.closeAndAwait();
        }
    }
}
