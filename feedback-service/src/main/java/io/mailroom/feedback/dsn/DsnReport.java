package io.mailroom.feedback.dsn;

import java.util.List;

import io.mailroom.feedback.ses.RecipientFeedback;

/** A parsed delivery status notification: its own id, the Message-ID of the mail it reports on, and each recipient. */
public record DsnReport(String reportId, String originalMessageId, List<RecipientFeedback> feedback) {
}
