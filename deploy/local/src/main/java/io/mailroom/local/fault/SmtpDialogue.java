package io.mailroom.local.fault;

/**
 * Follows one proxied SMTP connection just far enough to tell whether it is in the ambiguous window: the client's
 * final {@code <CRLF>.<CRLF>} of a DATA has gone to the server, and the server's reply to it has not yet gone to the
 * client. A cut in that window may leave a message the server accepted but the client never heard of.
 * <p>
 * Kept simple on purpose, because an SMTP client is strictly ordered around DATA (RFC 5321 4.1.1.4, RFC 2920 3.1:
 * even a pipelining client waits for the 354 before it sends the content, and for the reply to the final dot before
 * its next command): so the content starts right after a 354 reply, ends at the first {@code <CRLF>.<CRLF>} (a dot
 * at the start of a content line is doubled by the client, so it cannot end it), and the next reply the server sends
 * is the one to the final dot. Plain-text SMTP only: after STARTTLS, or for BDAT (CHUNKING), the dialogue is not
 * followed and the connection is never found in the window.
 */
final class SmtpDialogue {
    private static final byte[] END_OF_DATA = {'\r', '\n', '.', '\r', '\n'};

    private enum State { COMMANDS, CONTENT, AWAITING_REPLY }

    private State state = State.COMMANDS;
    /** How much of {@link #END_OF_DATA} the content has matched so far. */
    private int matched;
    /** The start of the server's current reply line, and its length so far. */
    private final byte[] line = new byte[4];
    private int lineLength;
    /** The reply to the final dot has been read from the server, but not yet written to the client. */
    private boolean replyRead;

    /** Bytes the client sent, called just before the proxy forwards them to the server. */
    synchronized void forwardedToServer(byte[] bytes, int offset, int length) {
        if (replyRead && length > 0) {
            // the client talks again, so it has the reply, even if the thread writing it has not said so yet
            writtenToClient();
        }
        for (int i = offset; i < offset + length && state == State.CONTENT; i++) {
            byte b = bytes[i];
            if (b == END_OF_DATA[matched]) {
                matched++;
                if (matched == END_OF_DATA.length) {
                    state = State.AWAITING_REPLY;
                }
            } else {
                // the only proper border of a prefix of <CRLF>.<CRLF> is a lone CR
                matched = b == '\r' ? 1 : 0;
            }
        }
    }

    /**
     * Bytes the server sent, called before they go to the client: a 354 reply switches the client's stream to
     * content before the client can start sending it.
     */
    synchronized void readFromServer(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                endOfReplyLine();
                lineLength = 0;
            } else {
                if (lineLength < line.length) {
                    line[lineLength] = b;
                }
                lineLength++;
            }
        }
    }

    /** The bytes last {@linkplain #readFromServer read} have been written to the client. */
    synchronized void writtenToClient() {
        if (replyRead) {
            replyRead = false;
            state = State.COMMANDS;
        }
    }

    /** Whether a cut now could leave a message the server has and the client does not know it has. */
    synchronized boolean inAmbiguousWindow() {
        return state == State.AWAITING_REPLY;
    }

    // A reply's last line is "ddd SP text" or just "ddd" ("ddd-text" lines continue it).
    private void endOfReplyLine() {
        if (lineLength < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2])
                || (lineLength > 3 && line[3] != ' ' && line[3] != '\r')) {
            return;
        }
        if (state == State.COMMANDS && line[0] == '3' && line[1] == '5' && line[2] == '4') {
            state = State.CONTENT;
            // the CRLF that ended the DATA command line counts: content that is just ".<CRLF>" ends at once
            matched = 2;
        } else if (state == State.AWAITING_REPLY) {
            replyRead = true;
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
