package io.mailroom.local;

import java.util.List;

/** The mail the stack's SMTP server has accepted, in arrival order. */
public interface MailInbox {
    /** Number of messages received since start or the last {@link #clear()}; cheap. */
    int count();

    /** A snapshot of the received messages. */
    List<ReceivedMail> messages();

    void clear();
}
