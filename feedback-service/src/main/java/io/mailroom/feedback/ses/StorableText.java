package io.mailroom.feedback.ses;

/** Text as PostgreSQL can store it: its {@code text} type cannot hold U+0000, so each NUL becomes U+FFFD. */
public final class StorableText {
    private StorableText() {
    }

    // A NUL in a notification (an escaped \u0000 in SES JSON, a raw byte in a DSN) would fail the transaction on
    // every retry and so block the notification forever; the replacement character keeps the rest of the text.
    public static String of(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
