package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exports have their own pool ({@code %test.quarkus.datasource.exports.jdbc.max-size=2}): two downloads whose clients
 * stopped reading hold both export connections, yet the rest of the API answers, and one export more is a 503
 * problem (after the pool's bounded wait) instead of waiting as long as the slowest viewer.
 */
@QuarkusTest
class ExportPoolTest {
    private static final int POOL = 2;

    @TestHTTPResource("/")
    URL base;

    @Test
    void exportsBeyondTheirPoolAre503WhileTheRestOfTheApiAnswers() throws Exception {
        long list = Api.createList("single");
        // ~30 MB of CSV: far more than the socket buffers, so a client that does not read stalls the export mid-stream
        String filler = "z".repeat(10_000);
        StringBuilder csv = new StringBuilder("email,name,attributes\n");
        String tag = unique();
        for (int i = 0; i < 3000; i++) {
            csv.append("exp").append(i).append('.').append(tag).append("@example.com,E,\"{\"\"f\"\":\"\"")
                    .append(filler).append("\"\"}\"\n");
        }
        assertEquals(3000, ImportTest.runImport(csv.toString(), list, "false").getInt("imported"));

        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                stalled.add(startExportWithoutReading(list));
            }
            Api.as(Api.VIEWER).get("/api/exports/subscribers?list=" + list).then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).body("status", equalTo(503));
            Api.as(Api.VIEWER).get("/api/subscribers?size=1").then().statusCode(200);
            Api.as(Api.VIEWER).get("/api/lists/" + list).then().statusCode(200).body("counts.total", equalTo(3000));
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        // the stalled downloads fail once their clients are gone, and give their connections back
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.as(Api.VIEWER)
                .get("/api/exports/subscribers?list=" + list).then().extract().statusCode() == 200);
    }

    /** Sends the export request and reads only the status line: the server is streaming, the client reads no more. */
    private Socket startExportWithoutReading(long list) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setReceiveBufferSize(64 * 1024);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/exports/subscribers?list=" + list + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                + "Authorization: Bearer " + Api.VIEWER + "\r\nAccept: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] status = new byte[12];
        int n = 0;
        while (n < status.length) {
            int r = in.read(status, n, status.length - n);
            assertTrue(r > 0, "the export answered");
            n += r;
        }
        assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
        return socket;
    }
}
