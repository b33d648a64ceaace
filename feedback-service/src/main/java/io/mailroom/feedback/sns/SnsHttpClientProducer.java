package io.mailroom.feedback.sns;

import java.net.http.HttpClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The JDK HTTP client used to fetch signing certificates and confirm subscriptions; it never follows redirects. */
@ApplicationScoped
public class SnsHttpClientProducer {

    @Produces
    @ApplicationScoped
    HttpClient snsHttpClient(SnsConfig config) {
        return HttpClient.newBuilder()
                .connectTimeout(config.httpTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
