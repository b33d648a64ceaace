package io.mailroom.subscriber.imports;

/** Why the row at {@code line} (1-based line of the file; the header is line 1) was not imported. */
public record ImportError(long line, String reason) {
}
