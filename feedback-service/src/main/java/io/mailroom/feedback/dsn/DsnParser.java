package io.mailroom.feedback.dsn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePartDataSource;

import org.eclipse.angus.mail.dsn.DeliveryStatus;

import io.mailroom.events.FeedbackEvent.Kind;
import io.mailroom.feedback.ses.Emails;
import io.mailroom.feedback.ses.RecipientFeedback;
import io.mailroom.platform.problem.ProblemException;

/**
 * Reads an RFC 3464 delivery status notification (a {@code multipart/report; report-type=delivery-status} mail) with
 * Angus Mail: one feedback per recipient — {@code failed} with a 5.x.x status is a hard bounce, other failures are
 * soft, {@code delayed} is a delay, {@code delivered}/{@code relayed}/{@code expanded} a delivery.
 */
public final class DsnParser {
    private static final Session SESSION = Session.getInstance(new Properties());

    private DsnParser() {
    }

    /** The report, or a 400 naming {@code body} when the input is not a delivery status notification. */
    public static DsnReport parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw ProblemException.badRequest("body", "must be a raw DSN message (RFC 3464)");
        }
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            if (!message.isMimeType("multipart/report")) {
                throw ProblemException.badRequest("body", "must be a multipart/report message, got "
                        + message.getContentType());
            }
            // parsed from the data source rather than getContent(): no dependence on mailcap registration
            MimeMultipart parts = new MimeMultipart(new MimePartDataSource(message));
            DeliveryStatus status = null;
            String originalMessageId = null;
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("message/delivery-status")) {
                    status = new DeliveryStatus(part.getInputStream());
                } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")) {
                    originalMessageId = new InternetHeaders(part.getInputStream()).getHeader("Message-ID", null);
                }
            }
            if (status == null) {
                throw ProblemException.badRequest("body", "has no message/delivery-status part");
            }
            Instant at = message.getSentDate() != null ? message.getSentDate().toInstant() : null;
            String reportId = message.getMessageID() != null ? message.getMessageID() : sha256(raw);
            return new DsnReport(reportId, originalMessageId == null ? null : originalMessageId.strip(),
                    recipients(status, at));
        } catch (MessagingException | IOException e) {
            throw ProblemException.badRequest("body", "cannot be read as a DSN: " + e.getMessage());
        }
    }

    private static List<RecipientFeedback> recipients(DeliveryStatus status, Instant at) {
        List<RecipientFeedback> out = new ArrayList<>();
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders r = status.getRecipientDSN(i);
            String recipient = address(r.getHeader("Final-Recipient", null));
            if (recipient == null) {
                recipient = address(r.getHeader("Original-Recipient", null));
            }
            String code = header(r, "Status");
            Kind kind = kind(header(r, "Action"), code);
            if (recipient != null && kind != null) {
                out.add(new RecipientFeedback(kind, recipient, code, header(r, "Diagnostic-Code"), at));
            }
        }
        return out;
    }

    private static Kind kind(String action, String status) {
        if (action == null) {
            return null;
        }
        return switch (action.toLowerCase(Locale.ROOT)) {
            case "failed" -> status != null && status.startsWith("5") ? Kind.HARD_BOUNCE : Kind.SOFT_BOUNCE;
            case "delayed" -> Kind.DELAYED;
            case "delivered", "relayed", "expanded" -> Kind.DELIVERED;
            default -> null;
        };
    }

    /** {@code "rfc822; user@example.com"} → the normalised address. */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        return Emails.normalize(semicolon >= 0 ? field.substring(semicolon + 1) : field);
    }

    private static String header(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null ? null : value.strip();
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
    }
}
