package io.mailroom.subscriber.imports;

import java.util.List;

/** Consecutive rows of the file: the valid ones to write and the ones refused while reading, each with its line. */
record ImportBatch(List<ImportRow> rows, List<ImportError> errors) {

    /** The last line of the file the batch covers (0 when empty). */
    long lastLine() {
        return Math.max(rows.stream().mapToLong(ImportRow::line).max().orElse(0),
                errors.stream().mapToLong(ImportError::line).max().orElse(0));
    }

    int size() {
        return rows.size() + errors.size();
    }
}
