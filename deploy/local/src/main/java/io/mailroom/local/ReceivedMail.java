package io.mailroom.local;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message accepted by the stack's SMTP server (one SMTP transaction).
 *
 * @param to the envelope recipients (RCPT TO)
 * @param from the From header's address, or the envelope sender when the header is missing
 * @param headers every header by name, case-insensitive, first value when repeated
 */
public record ReceivedMail(List<String> to, String from, String subject, String messageId,
                           Map<String, String> headers, Instant receivedAt) {
}
