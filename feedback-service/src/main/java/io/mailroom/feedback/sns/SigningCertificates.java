package io.mailroom.feedback.sns;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/** Fetches SNS signing certificates; the item of each successful fetch is cached (failures are not). */
@ApplicationScoped
public class SigningCertificates {
    private final HttpClient http;
    private final SnsConfig config;

    SigningCertificates(HttpClient http, SnsConfig config) {
        this.http = http;
        this.config = config;
    }

    /** The certificate at an already {@link SigningCertUrlPolicy#check checked} URL. */
    @CacheResult(cacheName = "sns-signing-certs")
    public Uni<X509Certificate> fetch(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.httpTimeout()).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .onFailure().transform(e -> new SnsUnavailableException("cannot fetch " + url + ": " + e, e))
                .map(response -> parse(url, response));
    }

    private static X509Certificate parse(URI url, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new SnsUnavailableException("fetching " + url + " answered " + status, null);
        }
        if (status != 200) {
            throw new SnsRejectedException("SigningCertURL answered " + status);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(response.body()));
        } catch (CertificateException | ClassCastException e) {
            throw new SnsRejectedException("SigningCertURL does not hold an X.509 certificate", e);
        }
    }
}
