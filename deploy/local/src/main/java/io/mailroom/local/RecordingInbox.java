package io.mailroom.local;

import java.util.ArrayList;
import java.util.List;

/** The in-memory {@link MailInbox}: a list appended to on delivery, so counting never re-reads a message. */
final class RecordingInbox implements MailInbox {
    private final List<ReceivedMail> mails = new ArrayList<>();

    synchronized void add(ReceivedMail mail) {
        mails.add(mail);
    }

    @Override
    public synchronized int count() {
        return mails.size();
    }

    @Override
    public synchronized List<ReceivedMail> messages() {
        return List.copyOf(mails);
    }

    @Override
    public synchronized void clear() {
        mails.clear();
    }
}
