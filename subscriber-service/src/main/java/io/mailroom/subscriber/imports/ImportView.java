package io.mailroom.subscriber.imports;

import java.time.Instant;
import java.util.List;

/**
 * Progress of an import. {@code total} is estimated from the file's line count while running and exact when
 * finished; {@code errors} lists the first rejected rows by line, {@code errorCount} counts them all;
 * {@code lastLine} is the last line of the file processed (every line up to it is: batches commit in file order).
 */
public record ImportView(long id, String status, String mode, boolean overwrite, List<Long> lists, long total,
        long processed, long lastLine, long imported, long skipped, long errorCount, List<ImportError> errors,
        double rowsPerSecond, Long etaSeconds, String failure, Instant startedAt, Instant finishedAt) {
}
