package io.mailroom.feedback.sns;

import io.smallrye.mutiny.Uni;

/**
 * Proves that an envelope was signed by SNS: completes when it was, fails with {@link SnsRejectedException} when it
 * was not, or with {@link SnsUnavailableException} when that cannot be decided right now.
 */
public interface SnsSignatureVerifier {
    Uni<Void> verify(SnsEnvelope envelope);
}
