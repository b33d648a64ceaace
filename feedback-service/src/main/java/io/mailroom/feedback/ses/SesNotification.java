package io.mailroom.feedback.ses;

import java.util.List;
import java.util.Map;

/**
 * An SES notification as far as Mailroom cares: its type ({@code Bounce}, {@code Rendering Failure} …, or
 * {@link #UNPARSABLE}), the SES message id, the first value of each mail tag and one feedback per recipient
 * (empty for types that are archived only).
 */
public record SesNotification(String sesType, String providerMessageId, Map<String, String> tags,
        List<RecipientFeedback> feedback) {

    public SesNotification {
        sesType = StorableText.of(sesType);
        providerMessageId = StorableText.of(providerMessageId);
    }

    public static final String UNPARSABLE = "unparsable";

    /** For messages that carry no SES notification (subscription confirmations). */
    public static SesNotification none() {
        return new SesNotification(null, null, Map.of(), List.of());
    }

    public static SesNotification unparsable() {
        return new SesNotification(UNPARSABLE, null, Map.of(), List.of());
    }
}
