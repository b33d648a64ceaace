package io.mailroom.campaign.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opaque, unforgeable one-click unsubscribe tokens (RFC 8058): {@code base64url(campaign.subscriber.lists)} dot
 * {@code base64url(HMAC-SHA256)}. Hand-written because it is a dozen lines over the JDK's Mac and no library here
 * does exactly this.
 */
@ApplicationScoped
public class UnsubscribeTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a token binds. */
    public record Claims(long campaignId, long subscriberId, List<Long> listIds) {}

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public UnsubscribeTokens(@ConfigProperty(name = "mailroom.unsubscribe.secret") String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public String issue(long campaignId, long subscriberId, List<Long> listIds) {
        String payload = campaignId + "." + subscriberId + "."
                + listIds.stream().map(String::valueOf).collect(Collectors.joining("-"));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(macs.get().doFinal(bytes));
    }

    /** The claims of a valid token; throws {@link IllegalArgumentException} for anything tampered or malformed. */
    public Claims verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("malformed token");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed token");
        }
        if (!MessageDigest.isEqual(signature, macs.get().doFinal(payload))) {
            throw new IllegalArgumentException("invalid token signature");
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed token");
        }
        List<Long> lists = parts[2].isEmpty() ? List.of()
                : Arrays.stream(parts[2].split("-")).map(Long::valueOf).toList();
        return new Claims(Long.parseLong(parts[0]), Long.parseLong(parts[1]), lists);
    }
}
