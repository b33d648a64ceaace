package io.mailroom.local;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GreenMail's SMTP server, in this JVM, accepting any recipient and recording each message in a
 * {@link RecordingInbox}.
 */
final class SmtpServer implements AutoCloseable {
    private final GreenMail greenMail;
    private final RecordingInbox inbox = new RecordingInbox();
    private final int port;

    SmtpServer(int port) {
        this.port = port;
        ServerSetup setup = new ServerSetup(port, Ports.LOOPBACK_HOST, ServerSetup.PROTOCOL_SMTP);
        this.greenMail = new GreenMail(setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    void start() {
        greenMail.start();
        // Replaces GreenMail's per-recipient mailbox store: with tens of thousands of recipients it would create a
        // user per address and keep every MIME message; the headers recorded here are all the stack exposes.
        greenMail.getUserManager().setMessageDeliveryHandler(this::deliver);
    }

    String host() {
        return Ports.LOOPBACK_HOST;
    }

    int port() {
        return port;
    }

    MailInbox inbox() {
        return inbox;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** Called once per envelope recipient; records the message once, on its first recipient. */
    private GreenMailUser deliver(MovingMessage message, MailAddress recipient) throws MessagingException {
        if (message.getToAddresses().iterator().next().equals(recipient)) {
            inbox.add(toReceivedMail(message));
        }
        return DiscardingUser.INSTANCE;
    }

    private static ReceivedMail toReceivedMail(MovingMessage message) throws MessagingException {
        MimeMessage mime = message.getMessage();
        List<String> to = message.getToAddresses().stream().map(MailAddress::getEmail).toList();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Enumeration<Header> e = mime.getAllHeaders(); e.hasMoreElements(); ) {
            Header header = e.nextElement();
            headers.putIfAbsent(header.getName(), MimeUtility.unfold(header.getValue()));
        }
        return new ReceivedMail(to, from(mime, message), mime.getSubject(), mime.getMessageID(),
                Collections.unmodifiableMap(headers), Instant.now());
    }

    private static String from(MimeMessage mime, MovingMessage message) throws MessagingException {
        Address[] from = mime.getFrom();
        if (from != null && from.length > 0) {
            return from[0] instanceof InternetAddress address ? address.getAddress() : from[0].toString();
        }
        return message.getReturnPath() == null ? null : message.getReturnPath().getEmail();
    }

    /** The user GreenMail hands each message to after {@link #deliver}: it keeps nothing. */
    private enum DiscardingUser implements GreenMailUser {
        INSTANCE;

        @Override
        public String getEmail() {
            return "discard@mailroom.local";
        }

        @Override
        public String getLogin() {
            return getEmail();
        }

        @Override
        public void deliver(MovingMessage msg) {
            // recorded by SmtpServer.deliver already
        }

        @Override
        public void deliver(MimeMessage msg) {
            // recorded by SmtpServer.deliver already
        }

        @Override
        public void create() {
            // nothing to create
        }

        @Override
        public void delete() {
            // nothing to delete
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {
            throw new UnsupportedOperationException("the discarding user has no password");
        }

        @Override
        public void authenticate(String password) {
            throw new UnsupportedOperationException("the discarding user cannot log in");
        }

        @Override
        public String getQualifiedMailboxName() {
            return getEmail();
        }
    }
}
