package io.mailroom.dispatch.channel;

import java.util.Map;

/**
 * One rendered mail ready for a provider: addresses, content, extra headers (including the deterministic
 * {@code Message-ID}, {@code X-Mailroom-Key} and unsubscribe headers) and the tags SES carries for feedback mapping.
 */
public record OutgoingMail(String from, String replyTo, String to, String subject, String body, boolean html,
        String messageId, Map<String, String> headers, Map<String, String> tags) {}
