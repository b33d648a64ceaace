package io.mailroom.subscriber.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.Emails;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.subscriber.SubscriberName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs an import in the background: streams the CSV row by row (Jackson CSV, never the whole file in memory),
 * validates each row, drops a batch's repeats of emails read before (a duplicate in the file: {@link SeenEmails}) and
 * hands batches to {@link ImportBatchWriter}; rows refused here carry their line number.
 */
@ApplicationScoped
public class ImportRunner {
    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final CsvMapper CSV = (CsvMapper) new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    // Imports run for up to minutes: a dedicated pool keeps them off the event loop and off the request worker pool.
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "subscriber-import");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ImportBatchWriter writer;

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    @Inject
    ImportRecovery recovery;

    @ConfigProperty(name = "mailroom.import.batch-size", defaultValue = "2000")
    int batchSize;

    @ConfigProperty(name = "mailroom.import.writers", defaultValue = "2")
    int writersPerImport;

    public void start(ImportSettings settings, Path file) {
        recovery.track(settings.importId());
        executor.execute(() -> {
            try {
                run(settings, file);
            } finally {
                recovery.untrack(settings.importId());
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", file, e);
                }
            }
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(ImportSettings settings, Path file) {
        long id = settings.importId();
        try {
            pool.preparedQuery("UPDATE imports SET total = $2 WHERE id = $1")
                    .execute(Tuple.of(id, Math.max(0, countLines(file) - 1))).await().indefinitely();
            String failure = read(settings, file);
            finish(settings, failure);
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "import %d failed", id);
            finish(settings, e.toString());
        }
    }

    /** Reads and writes every row; returns why the file could not be read to its end, or null. */
    private String read(ImportSettings settings, Path file) throws IOException {
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(file.toFile());
                SeenEmails seen = SeenEmails.open(pool, settings.importId())) {
            if (!it.hasNextValue()) {
                return "the file is empty (a header email,name,attributes is required)";
            }
            Map<String, Integer> header = header(it.nextValue());
            if (!header.containsKey("email")) {
                return "the header must name an email column (email,name,attributes)";
            }
            List<ImportRow> rows = new ArrayList<>(batchSize);
            List<ImportError> errors = new ArrayList<>();
            ImportPipeline pipeline = new ImportPipeline(writer, settings, writersPerImport);
            // the duplicate check of a batch runs while the next batch is read; the batch is written after its check
            CompletableFuture<ImportBatch> checked = CompletableFuture.completedFuture(null);
            while (true) {
                long line = it.getParser().currentLocation().getLineNr();
                String[] values;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    values = it.nextValue();
                } catch (RuntimeException e) {
                    // a broken quote swallows the rest of the file: what was read is kept, the import stops here
                    submit(pipeline, checked);
                    submit(pipeline, seen.withoutDuplicates(new ImportBatch(rows, errors)));
                    pipeline.drain();
                    return "line " + line + ": unreadable CSV (" + e.getMessage().lines().findFirst().orElse("") + ")";
                }
                if (values.length == 1 && values[0].isBlank()) {
                    continue;
                }
                validate(line, values, header, rows, errors);
                if (rows.size() + errors.size() >= batchSize) {
                    CompletableFuture<ImportBatch> next = seen.withoutDuplicates(new ImportBatch(rows, errors));
                    submit(pipeline, checked);
                    checked = next;
                    rows = new ArrayList<>(batchSize);
                    errors = new ArrayList<>();
                }
            }
            submit(pipeline, checked);
            submit(pipeline, seen.withoutDuplicates(new ImportBatch(rows, errors)));
            pipeline.drain();
            return null;
        }
    }

    /** Writes the batch once its duplicate check has answered (null: nothing pending). */
    private static void submit(ImportPipeline pipeline, CompletableFuture<ImportBatch> checked) {
        ImportBatch batch = checked.join();
        if (batch != null) {
            pipeline.submit(batch);
        }
    }

    private static void validate(long line, String[] values, Map<String, Integer> header, List<ImportRow> rows,
            List<ImportError> errors) {
        if (values.length > header.size()) {
            errors.add(new ImportError(line, "expected " + header.size() + " columns, found " + values.length));
            return;
        }
        String email = Emails.normalize(column(values, header, "email"));
        String problem = Emails.problem(email);
        if (problem != null) {
            errors.add(new ImportError(line, "email " + problem + (email == null || email.isEmpty() ? "" : ": " + email)));
            return;
        }
        String name = column(values, header, "name");
        if (name != null && name.length() > 500) {
            errors.add(new ImportError(line, "name is longer than 500 characters"));
            return;
        }
        if (!SubscriberName.valid(name)) {
            errors.add(new ImportError(line, "name " + SubscriberName.MESSAGE));
            return;
        }
        String attributes = column(values, header, "attributes");
        if (attributes != null) {
            try {
                attributes = Json.attributes(attributes);
            } catch (IllegalArgumentException e) {
                errors.add(new ImportError(line, "attributes " + e.getMessage()));
                return;
            }
        }
        rows.add(new ImportRow(line, email, name, attributes));
    }

    private static String column(String[] values, Map<String, Integer> header, String name) {
        Integer index = header.get(name);
        if (index == null || index >= values.length) {
            return null;
        }
        String value = values[index].strip();
        return value.isEmpty() ? null : value;
    }

    private static Map<String, Integer> header(String[] names) {
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            header.put(names[i].strip().toLowerCase(Locale.ROOT).replace("\uFEFF", ""), i);
        }
        return header;
    }

    private void finish(ImportSettings settings, String failure) {
        long id = settings.importId();
        pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE imports SET status = $2, failure = $3, total = processed, finished_at = now()
                        WHERE id = $1 AND status = 'running'
                        RETURNING processed, imported, error_count, extract(epoch FROM finished_at - started_at) AS seconds""")
                .execute(Tuple.of(id, failure == null ? "finished" : "failed", failure))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        LOG.warnf("import %d was declared interrupted by recovery before it ended (%s)", id, failure);
                        return Uni.createFrom().voidItem();
                    }
                    var r = rows.iterator().next();
                    double seconds = r.getNumeric("seconds").doubleValue();
                    LOG.infof("import %d %s: %d rows in %.1f s (%.0f rows/s), %d imported, %d errors", id,
                            failure == null ? "finished" : "failed", r.getLong("processed"), seconds,
                            seconds > 0 ? r.getLong("processed") / seconds : 0.0, r.getLong("imported"),
                            r.getLong("error_count"));
                    return audit.append(tx, settings.actor(), "import", null, null, r.getLong("imported"),
                            Map.of("importId", id, "errors", r.getLong("error_count"),
                                    "mode", settings.blocklist() ? "blocklist" : "subscribe"));
                }))
                .await().indefinitely();
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }
}
