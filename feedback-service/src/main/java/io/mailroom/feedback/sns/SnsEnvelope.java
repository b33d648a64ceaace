package io.mailroom.feedback.sns;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON document SNS POSTs to an HTTP(S) subscription (or puts in an SQS message body). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnsEnvelope(
        @JsonProperty("Type") String type,
        @JsonProperty("MessageId") String messageId,
        @JsonProperty("TopicArn") String topicArn,
        @JsonProperty("Subject") String subject,
        @JsonProperty("Message") String message,
        @JsonProperty("Timestamp") String timestamp,
        @JsonProperty("SignatureVersion") String signatureVersion,
        @JsonProperty("Signature") String signature,
        @JsonProperty("SigningCertURL") String signingCertUrl,
        @JsonProperty("SubscribeURL") String subscribeUrl,
        @JsonProperty("UnsubscribeURL") String unsubscribeUrl,
        @JsonProperty("Token") String token) {

    public static final String NOTIFICATION = "Notification";
    public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

    public boolean isKnownType() {
        return NOTIFICATION.equals(type) || SUBSCRIPTION_CONFIRMATION.equals(type)
                || UNSUBSCRIBE_CONFIRMATION.equals(type);
    }

    /** The canonical string SNS signed: {@code Name\nValue\n} pairs in the order the SNS documentation fixes per type. */
    public String stringToSign() {
        StringBuilder s = new StringBuilder(256 + (message == null ? 0 : message.length()));
        append(s, "Message", message);
        append(s, "MessageId", messageId);
        if (NOTIFICATION.equals(type)) {
            if (subject != null) {
                append(s, "Subject", subject);
            }
            append(s, "Timestamp", timestamp);
            append(s, "TopicArn", topicArn);
        } else {
            append(s, "SubscribeURL", subscribeUrl);
            append(s, "Timestamp", timestamp);
            append(s, "Token", token);
            append(s, "TopicArn", topicArn);
        }
        append(s, "Type", type);
        return s.toString();
    }

    private static void append(StringBuilder s, String name, String value) {
        s.append(name).append('\n').append(value).append('\n');
    }
}
