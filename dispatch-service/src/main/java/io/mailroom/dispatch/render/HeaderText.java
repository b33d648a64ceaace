package io.mailroom.dispatch.render;

import java.util.regex.Pattern;

/**
 * Makes text safe to put in a mail header: subscriber and campaign data stays data and cannot add a header line.
 */
public final class HeaderText {
    // C0/C1 controls (CR, LF, tab, NUL ...) and the Unicode line/paragraph separators some clients break lines on
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");
    // RFC 5322 3.6.8: a field name is printable US-ASCII except the colon
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

    private HeaderText() {
    }

    /**
     * The value on one line: every run of control characters becomes one space, so a name {@code "Bob\nBcc: x"}
     * reads {@code "Bob Bcc: x"} inside its header instead of starting a new one. Null stays null.
     */
    public static String singleLine(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return CONTROLS.matcher(value).replaceAll(" ");
            }
        }
        return value; // the common case, without a regex
    }

    /** A header name as given, or a {@link RenderException} when it is not one (a space, a colon, a line break). */
    public static String name(String name) {
        if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw new RenderException("header name " + (name == null ? null : '"' + singleLine(name) + '"')
                    + " is not a valid header name", null);
        }
        return name;
    }
}
