package io.mailroom.subscriber.bulk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.platform.problem.ProblemException;

/**
 * The confirm token of a bulk action's dry run: {@code <expiry>.<matched>.<hmac>}, the HMAC-SHA256 (secret
 * {@code mailroom.bulk.token-secret}) covering action, normalised target, matched count, actor and expiry. It proves
 * that this actor saw this count for exactly this action and target; the count is re-checked when it is executed.
 */
@ApplicationScoped
public class BulkToken {
    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;

    /** A verified token: the count the dry run showed. */
    public record Confirmed(long matched) {}

    public BulkToken(@ConfigProperty(name = "mailroom.bulk.token-secret") Optional<String> secret,
            @ConfigProperty(name = "mailroom.bulk.token-ttl", defaultValue = "15m") Duration ttl) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(BulkToken::randomSecret);
        this.ttl = ttl;
        this.clock = Clock.systemUTC();
    }

    public String issue(String action, String target, long matched, String actor) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return expiry + "." + matched + "." + mac(action, target, matched, actor, expiry);
    }

    /** Checks the token against this request; 400 when malformed, 409 when it belongs to another request or expired. */
    public Confirmed verify(String token, String action, String target, String actor) {
        String[] parts = token.strip().split("\\.");
        long expiry;
        long matched;
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            expiry = Long.parseLong(parts[0]);
            matched = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("confirmToken", "is not a token issued by a dry run");
        }
        byte[] expected = mac(action, target, matched, actor, expiry).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            throw ProblemException.conflict("confirmToken was issued for a different action, target or user: "
                    + "run the dry run of this request again");
        }
        if (Instant.ofEpochSecond(expiry).isBefore(clock.instant())) {
            throw ProblemException.conflict("confirmToken expired: run the dry run again");
        }
        return new Confirmed(matched);
    }

    private String mac(String action, String target, long matched, String actor, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String message = String.join("\n", action, target, Long.toString(matched), actor, Long.toString(expiry));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
