package io.mailroom.feedback.ses;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Parses SES timestamps, which are ISO-8601 except where they are not ({@code "2018-10-08T14:05:45 +0000"}). */
final class LenientTime {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private LenientTime() {
    }

    /** The instant, or null when absent or unreadable. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return FORMAT.parse(text.strip(), java.time.OffsetDateTime::from).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
