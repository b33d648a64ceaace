package io.mailroom.subscriber.imports;

/** A valid CSV row ready to write: its line in the file, normalised email, name and attributes JSON (null = none). */
record ImportRow(long line, String email, String name, String attributes) {
}
