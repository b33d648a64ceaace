package io.mailroom.feedback.query;

import java.util.List;

/** A page of feedback, newest first. */
public record FeedbackPage(int page, int size, List<FeedbackView> items) {
}
