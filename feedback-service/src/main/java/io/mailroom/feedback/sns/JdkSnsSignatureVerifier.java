package io.mailroom.feedback.sns;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Verifies SNS signatures with the JDK (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) — hand-written because
 * the AWS {@code sns-message-manager} artifact is not available to this build; the algorithm is short and fixed.
 */
@ApplicationScoped
public class JdkSnsSignatureVerifier implements SnsSignatureVerifier {
    private final SigningCertUrlPolicy policy;
    private final SigningCertificates certificates;

    JdkSnsSignatureVerifier(SigningCertUrlPolicy policy, SigningCertificates certificates) {
        this.policy = policy;
        this.certificates = certificates;
    }

    @Override
    public Uni<Void> verify(SnsEnvelope envelope) {
        try {
            String algorithm = algorithm(envelope.signatureVersion());
            byte[] signature = signature(envelope.signature());
            URI url = policy.check(envelope.signingCertUrl());
            X509Certificate cached = certificates.cached(url);
            if (cached != null) {
                check(envelope, algorithm, signature, cached);
                return Uni.createFrom().voidItem();
            }
            return certificates.fetch(url)
                    .map(cert -> {
                        check(envelope, algorithm, signature, cert);
                        return null;
                    });
        } catch (SnsRejectedException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static void check(SnsEnvelope envelope, String algorithm, byte[] signature, X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new SnsRejectedException("signing certificate is not valid now", e);
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(envelope.stringToSign().getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(signature)) {
                throw new SnsRejectedException("signature does not match");
            }
        } catch (GeneralSecurityException e) {
            throw new SnsRejectedException("signature cannot be verified: " + e.getMessage(), e);
        }
    }

    private static String algorithm(String version) {
        if ("1".equals(version)) {
            return "SHA1withRSA";
        }
        if ("2".equals(version)) {
            return "SHA256withRSA";
        }
        throw new SnsRejectedException("unsupported SignatureVersion " + version);
    }

    private static byte[] signature(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new SnsRejectedException("message is not signed");
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new SnsRejectedException("Signature is not base64");
        }
    }
}
