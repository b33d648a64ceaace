package io.mailroom.feedback.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * An RSA key and self-signed X.509 certificate made at test start with the JDK's {@code keytool} (the JDK has no
 * public API to create certificates), standing in for SNS's signing certificate.
 */
public final class TestSigningKey {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private TestSigningKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** Generates a fresh key pair and certificate (about a second). */
    public static TestSigningKey generate() {
        try {
            Path dir = Files.createTempDirectory("sns-test-key");
            Path store = dir.resolve("sns.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize",
                    "2048", "-sigalg", "SHA256withRSA", "-dname", "CN=sns.test.invalid", "-validity", "3",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                    "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            Files.delete(store);
            Files.delete(dir);
            return new TestSigningKey((PrivateKey) ks.getKey("sns", PASSWORD),
                    (X509Certificate) ks.getCertificate("sns"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate as a PEM document, the way SNS serves it at SigningCertURL. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
