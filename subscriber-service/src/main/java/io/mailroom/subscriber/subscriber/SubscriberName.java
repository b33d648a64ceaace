package io.mailroom.subscriber.subscriber;

import java.util.regex.Pattern;

/**
 * What a subscriber name may hold: any text on one line. A control character (CR, LF, tab, NUL) or a Unicode line
 * separator has no place in a name and would reach mail headers ({@code Subject: Hi {subscriber.name}}), so the API
 * and the import refuse it at the door (dispatch also puts every header on one line, for data stored before).
 */
public final class SubscriberName {
    /** For {@code @Pattern}: the whole name without C0/C1 controls and U+2028/U+2029. */
    public static final String PATTERN = "[^\\p{Cc}\\u2028\\u2029]*";
    public static final String MESSAGE = "must not contain control characters (line breaks, tabs)";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private SubscriberName() {
    }

    /** Null (no name) is valid. */
    public static boolean valid(String name) {
        return name == null || VALID.matcher(name).matches();
    }
}
