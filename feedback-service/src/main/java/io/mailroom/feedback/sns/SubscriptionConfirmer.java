package io.mailroom.feedback.sns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/** Confirms an SNS subscription by GETting its SubscribeURL; a failure is temporary (SNS sends the request again). */
@ApplicationScoped
public class SubscriptionConfirmer {
    private static final Logger LOG = Logger.getLogger(SubscriptionConfirmer.class);
    private final HttpClient http;
    private final SnsConfig config;
    private final SigningCertUrlPolicy urls;

    SubscriptionConfirmer(HttpClient http, SnsConfig config, SigningCertUrlPolicy urls) {
        this.http = http;
        this.config = config;
        this.urls = urls;
    }

    public Uni<Void> confirm(SnsEnvelope envelope) {
        URI url;
        try {
            url = urls.checkSubscribeUrl(envelope.subscribeUrl());
        } catch (SnsRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.httpTimeout()).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onFailure().transform(e -> new SnsUnavailableException("cannot confirm subscription: " + e, e))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new SnsUnavailableException("SubscribeURL answered " + response.statusCode(), null);
                    }
                    LOG.infof("confirmed SNS subscription to %s", envelope.topicArn());
                    return null;
                });
    }
}
