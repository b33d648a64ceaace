package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The 1 GB body limit is the CSV upload's only: any other request body over 1 MB is refused with 413 before it is
 * read (JSON was parsed whole before the 64 KB attribute check), and a 5 MB CSV import still works.
 */
@QuarkusTest
class BodyLimitTest {
    private static final int TWO_MB = 2 * 1024 * 1024;

    @TestHTTPResource("/api/subscribers")
    URL subscribers;

    @Test
    void aTwoMegabyteJsonBodyIsA413ProblemAndCreatesNothing() {
        String email = "big." + unique() + "@example.com";
        Api.operator().body(Map.of("email", email, "attributes", Map.of("blob", "x".repeat(TWO_MB))))
                .post("/api/subscribers").then().statusCode(413)
                .contentType(startsWith("application/problem+json")).body("status", org.hamcrest.Matchers.equalTo(413))
                .body("errors.field", contains("body"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=" + email).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aTwoMegabyteChunkedBodyWithoutContentLengthIsRefusedToo() throws Exception {
        byte[] body = ("{\"email\":\"chunked." + unique() + "@example.com\",\"attributes\":{\"blob\":\""
                + "x".repeat(TWO_MB) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscribers.toString()))
                .header("Authorization", "Bearer " + Api.OPERATOR).header("Content-Type", "application/json")
                // an InputStream publisher has no known length: the client sends Transfer-Encoding: chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void aFiveMegabyteCsvImportStillWorks() {
        long list = Api.createList("single");
        String tag = unique();
        StringBuilder csv = new StringBuilder("email,name,attributes\n");
        String filler = "y".repeat(50_000);
        for (int i = 0; i < 100; i++) {
            csv.append("five").append(i).append('.').append(tag).append("@example.com,Five ").append(i)
                    .append(",\"{\"\"filler\"\":\"\"").append(filler).append("\"\"}\"\n");
        }
        assertEquals(true, csv.length() > 5_000_000, "the file is over 5 MB");
        JsonPath done = ImportTest.runImport(csv.toString(), list, "false");
        assertEquals("finished", done.getString("status"), done.prettify());
        assertEquals(100, done.getLong("imported"));
    }
}
