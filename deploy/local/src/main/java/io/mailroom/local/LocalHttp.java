package io.mailroom.local;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client every tool and test uses to talk to the local stack: HTTP/1.1, because the client's default
 * h2c upgrade on plain http ended a benchmark's progress poll with "EOF reached while reading" when the service
 * closed the upgraded connection, and the services speak HTTP/1.1 to their operators anyway.
 */
public final class LocalHttp {
    private LocalHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }
}
