package io.mailroom.feedback.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailroom.feedback.sns.SnsEnvelope;

/**
 * Builds SNS messages signed the way SNS signs them, with a test key: the tests' forger of genuine messages and the
 * e2e ingestion benchmark's hook (sign N notifications up front, then POST them to {@code /webhooks/ses}).
 * Thread-safe; one instance per key, certificate URL and topic.
 */
public final class SnsSigner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateKey key;
    private final String certUrl;
    private final String topicArn;
    private final String signatureVersion;
    private final Instant timestamp;

    public SnsSigner(PrivateKey key, String certUrl, String topicArn, String signatureVersion) {
        this(key, certUrl, topicArn, signatureVersion, null);
    }

    private SnsSigner(PrivateKey key, String certUrl, String topicArn, String signatureVersion, Instant timestamp) {
        this.key = key;
        this.certUrl = certUrl;
        this.topicArn = topicArn;
        this.signatureVersion = signatureVersion;
        this.timestamp = timestamp;
    }

    /** The same signer dating its messages {@code at} instead of now (an old message replayed, a skewed clock). */
    public SnsSigner withTimestamp(Instant at) {
        return new SnsSigner(key, certUrl, topicArn, signatureVersion, at);
    }

    /** The same signer with another SignatureVersion ("1" SHA1withRSA, "2" SHA256withRSA). */
    public SnsSigner withSignatureVersion(String version) {
        return new SnsSigner(key, certUrl, topicArn, version, timestamp);
    }

    /** The same signer claiming another SigningCertURL. */
    public SnsSigner withCertUrl(String url) {
        return new SnsSigner(key, url, topicArn, signatureVersion, timestamp);
    }

    /** The same signer for another TopicArn. */
    public SnsSigner withTopic(String arn) {
        return new SnsSigner(key, certUrl, arn, signatureVersion, timestamp);
    }

    public String topicArn() {
        return topicArn;
    }

    /** A signed Notification carrying {@code message} (an SES notification JSON). */
    public String notification(String messageId, String message) {
        return json(envelope(SnsEnvelope.NOTIFICATION, messageId, message, null, null));
    }

    /** A signed SubscriptionConfirmation whose SubscribeURL is {@code subscribeUrl}. */
    public String subscriptionConfirmation(String messageId, String subscribeUrl) {
        return json(envelope(SnsEnvelope.SUBSCRIPTION_CONFIRMATION, messageId,
                "You have chosen to subscribe to the topic " + topicArn + ".", subscribeUrl, "token-" + messageId));
    }

    /** A signed UnsubscribeConfirmation. */
    public String unsubscribeConfirmation(String messageId) {
        return json(envelope(SnsEnvelope.UNSUBSCRIBE_CONFIRMATION, messageId,
                "You have chosen to deactivate subscription.", "https://sns.example.invalid/resubscribe",
                "token-" + messageId));
    }

    /** A signed envelope as a map (tests tamper with it to forge). */
    public Map<String, String> envelope(String type, String messageId, String message, String subscribeUrl,
            String token) {
        SnsEnvelope unsigned = new SnsEnvelope(type, messageId, topicArn, null, message,
                (timestamp == null ? Instant.now() : timestamp).toString(),
                signatureVersion, null, certUrl, subscribeUrl,
                "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe", token);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("MessageId", messageId);
        m.put("TopicArn", topicArn);
        m.put("Message", message);
        m.put("Timestamp", unsigned.timestamp());
        m.put("SignatureVersion", signatureVersion);
        m.put("Signature", sign(unsigned.stringToSign()));
        m.put("SigningCertURL", certUrl);
        m.put("UnsubscribeURL", unsigned.unsubscribeUrl());
        if (subscribeUrl != null) {
            m.put("SubscribeURL", subscribeUrl);
            m.put("Token", token);
        }
        return m;
    }

    public static String json(Map<String, String> envelope) {
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(String stringToSign) {
        try {
            Signature s = Signature.getInstance("1".equals(signatureVersion) ? "SHA1withRSA" : "SHA256withRSA");
            s.initSign(key);
            s.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
