package io.mailroom.feedback.sns;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;

/** Fetches SNS signing certificates; the item of each successful fetch is cached (failures are not). */
@ApplicationScoped
public class SigningCertificates {
    static final String CACHE = "sns-signing-certs";

    private final HttpClient http;
    private final SnsConfig config;
    private final Cache cache;

    SigningCertificates(HttpClient http, SnsConfig config, @CacheName(CACHE) Cache cache) {
        this.http = http;
        this.config = config;
        this.cache = cache;
    }

    /**
     * The certificate at this URL when it is cached already, else null. Verification calls this first: a hit through
     * {@link #fetch} costs a hop to another Vert.x task per message (the cache emits its Uni item on a context),
     * which a benchmark profile showed on every request.
     */
    public X509Certificate cached(URI url) {
        CompletableFuture<Object> entry = cache.as(CaffeineCache.class).getIfPresent(url);
        if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
            return null;
        }
        return (X509Certificate) entry.join();
    }

    /** The certificate at an already {@link SigningCertUrlPolicy#check checked} URL. */
    @CacheResult(cacheName = CACHE)
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
