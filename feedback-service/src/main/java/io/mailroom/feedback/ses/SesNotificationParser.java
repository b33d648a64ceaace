package io.mailroom.feedback.ses;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent.Kind;

/**
 * Reads both SES notification shapes ({@code notificationType} from identity notifications, {@code eventType} from
 * configuration-set event publishing) into one feedback per recipient. Never throws: a signed message we cannot read
 * is still archived and acknowledged, or SNS would retry it forever.
 */
public final class SesNotificationParser {
    private SesNotificationParser() {
    }

    public static SesNotification parse(String message) {
        JsonNode root;
        try {
            root = message == null ? null : EventCodec.mapper().readTree(message);
        } catch (JsonProcessingException e) {
            return SesNotification.unparsable();
        }
        if (root == null || !root.isObject()) {
            return SesNotification.unparsable();
        }
        String type = text(root, "eventType");
        if (type == null) {
            type = text(root, "notificationType");
        }
        if (type == null) {
            return SesNotification.unparsable();
        }
        JsonNode mail = root.path("mail");
        Instant mailTime = LenientTime.parse(text(mail, "timestamp"));
        List<RecipientFeedback> feedback = feedback(type, root, mail, mailTime);
        return new SesNotification(type, text(mail, "messageId"), tags(mail.path("tags")), dedupe(feedback));
    }

    private static List<RecipientFeedback> feedback(String type, JsonNode root, JsonNode mail, Instant mailTime) {
        List<RecipientFeedback> out = new ArrayList<>();
        switch (type) {
            case "Bounce" -> {
                JsonNode bounce = root.path("bounce");
                Kind kind = bounceKind(text(bounce, "bounceType"));
                Instant at = time(bounce, mailTime);
                for (JsonNode r : bounce.path("bouncedRecipients")) {
                    String diagnostic = text(r, "diagnosticCode");
                    out.add(new RecipientFeedback(kind, text(r, "emailAddress"), text(bounce, "bounceSubType"),
                            diagnostic != null ? diagnostic : text(r, "status"), at));
                }
            }
            case "Complaint" -> {
                JsonNode complaint = root.path("complaint");
                String subtype = text(complaint, "complaintFeedbackType");
                if (subtype == null) {
                    subtype = text(complaint, "complaintSubType");
                }
                Instant at = time(complaint, mailTime);
                for (JsonNode r : complaint.path("complainedRecipients")) {
                    out.add(new RecipientFeedback(Kind.COMPLAINT, text(r, "emailAddress"), subtype, null, at));
                }
            }
            case "Delivery" -> {
                JsonNode delivery = root.path("delivery");
                Instant at = time(delivery, mailTime);
                for (JsonNode r : delivery.path("recipients")) {
                    out.add(new RecipientFeedback(Kind.DELIVERED, r.asText(), null, text(delivery, "smtpResponse"), at));
                }
            }
            case "DeliveryDelay" -> {
                JsonNode delay = root.path("deliveryDelay");
                Instant at = time(delay, mailTime);
                for (JsonNode r : delay.path("delayedRecipients")) {
                    String diagnostic = text(r, "diagnosticCode");
                    out.add(new RecipientFeedback(Kind.DELAYED, text(r, "emailAddress"), text(delay, "delayType"),
                            diagnostic != null ? diagnostic : text(r, "status"), at));
                }
            }
            case "Open" -> perDestination(out, mail, Kind.OPENED, null, null, time(root.path("open"), mailTime));
            case "Click" -> perDestination(out, mail, Kind.CLICKED, null, text(root.path("click"), "link"),
                    time(root.path("click"), mailTime));
            case "Reject" -> perDestination(out, mail, Kind.REJECTED, "Reject", text(root.path("reject"), "reason"),
                    mailTime);
            case "Rendering Failure" -> perDestination(out, mail, Kind.REJECTED, "RenderingFailure",
                    text(root.path("failure"), "errorMessage"), mailTime);
            default -> {
                // Send, Subscription and types SES may add later: archived and acknowledged, nothing to fold back
            }
        }
        return out;
    }

    private static Kind bounceKind(String bounceType) {
        if ("Permanent".equals(bounceType)) {
            return Kind.HARD_BOUNCE;
        }
        // Transient and Undetermined (SES could not tell why) are soft: blocklisting on one ambiguous signal would
        // lose a valid address, while repeated soft bounces within the window still blocklist it.
        return Kind.SOFT_BOUNCE;
    }

    private static void perDestination(List<RecipientFeedback> out, JsonNode mail, Kind kind, String subtype,
            String diagnostic, Instant at) {
        for (JsonNode r : mail.path("destination")) {
            out.add(new RecipientFeedback(kind, r.asText(), subtype, diagnostic, at));
        }
    }

    /** Drops recipients without a readable address and repeats of one address (one event per recipient). */
    private static List<RecipientFeedback> dedupe(List<RecipientFeedback> feedback) {
        Map<String, RecipientFeedback> byEmail = new LinkedHashMap<>();
        for (RecipientFeedback f : feedback) {
            String email = Emails.normalize(f.email());
            if (email != null) {
                byEmail.putIfAbsent(email,
                        new RecipientFeedback(f.kind(), email, f.subtype(), f.diagnostic(), f.occurredAt()));
            }
        }
        return List.copyOf(byEmail.values());
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            JsonNode first = v.isArray() ? v.path(0) : v;
            if (first.isValueNode()) {
                out.put(e.getKey().toLowerCase(Locale.ROOT), first.asText());
            }
        });
        return out;
    }

    private static Instant time(JsonNode node, Instant fallback) {
        Instant at = LenientTime.parse(text(node, "timestamp"));
        return at != null ? at : fallback;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }
}
