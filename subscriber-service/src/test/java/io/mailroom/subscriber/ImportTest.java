package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ImportTest {
    private static final int ROWS = 10_000;

    @Test
    void importsTenThousandRowsReportingEachBadOneByLineAndReimportChangesNothing() {
        long list = Api.createList("single");
        String tag = unique();
        StringBuilder csv = new StringBuilder("email,name,attributes\n");
        Map<Long, String> bad = new java.util.TreeMap<>();
        for (int i = 0; i < ROWS; i++) {
            long line = i + 2;
            String email = "imp" + i + "." + tag + "@example.com";
            if (i % 270 == 13) {
                switch (bad.size() % 5) {
                    case 0 -> csv.append("not-an-email-").append(i).append(",Bad,{}\n");
                    case 1 -> csv.append(email).append(",Bad,\"{not json\"\n");
                    case 2 -> csv.append(email).append(",Bad,\"[1,2]\"\n");
                    case 3 -> csv.append("imp0.").append(tag).append("@example.com,Duplicate,{}\n");
                    default -> csv.append(email).append(",Bad,{},extra\n");
                }
                bad.put(line, email);
            } else {
                csv.append(email.toUpperCase()).append(",Name ").append(i)
                        .append(",\"{\"\"n\"\":").append(i).append("}\"\n");
            }
        }
        assertEquals(37, bad.size());

        JsonPath first = runImport(csv.toString(), list, "false");
        assertEquals("finished", first.getString("status"));
        assertEquals(ROWS, first.getLong("processed"));
        assertEquals(ROWS - 37, first.getLong("imported"));
        assertEquals(37, first.getLong("errorCount"));
        List<Long> lines = new ArrayList<>();
        first.getList("errors.line", Number.class).forEach(n -> lines.add(n.longValue()));
        assertEquals(List.copyOf(bad.keySet()), lines);
        assertTrue(first.getString("errors[0].reason").contains("email"), first.getString("errors[0].reason"));
        // the duplicates of line 2's email come from later batches: each names the line the email was first read at
        List<String> duplicates = first.getList("errors.reason", String.class).stream()
                .filter(r -> r.startsWith("duplicate email in file")).toList();
        assertEquals(7, duplicates.size());
        String expected = "duplicate email in file: imp0." + tag + "@example.com (first at line 2)";
        duplicates.forEach(r -> assertEquals(expected, r));

        Api.as(Api.VIEWER).get("/api/lists/" + list).then().body("counts.total", equalTo(ROWS - 37))
                .body("counts.subscriptions.confirmed", equalTo(ROWS - 37));
        JsonPath sample = Api.as(Api.VIEWER).get("/api/subscribers?email=imp17." + tag + "@").then()
                .body("total", equalTo(1)).extract().jsonPath();
        assertEquals(17, sample.getInt("items[0].attributes.n"));
        long revision = sample.getLong("items[0].revision");

        JsonPath again = runImport(csv.toString().replace("Name 17", "Renamed"), list, "false");
        assertEquals(0, again.getLong("imported"));
        assertEquals(ROWS - 37, again.getLong("skipped"));
        assertEquals(37, again.getLong("errorCount"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=imp17." + tag + "@").then()
                .body("items[0].name", equalTo("Name 17")).body("items[0].revision", equalTo((int) revision));
    }

    @Test
    void blocklistModeBlocklistsNewAndOverwrittenAddresses() {
        long list = Api.createList("single");
        String tag = unique();
        long existing = Api.createSubscriber("old." + tag + "@example.com", List.of(list));
        JsonPath result = runImport("email,name,attributes\nold." + tag + "@example.com,,\nnew." + tag + "@example.com,New,\n",
                list, "blocklist", "true");
        assertEquals(2, result.getLong("imported"));
        String reason = "import:" + result.getLong("id");
        Api.as(Api.VIEWER).get("/api/subscribers/" + existing).then().body("status", equalTo("blocklisted"))
                .body("statusReason", equalTo(reason)).body("name", equalTo("N old." + tag + "@example.com"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=new." + tag).then().body("items[0].status", equalTo("blocklisted"))
                .body("items[0].lists.size()", equalTo(0));
    }

    @Test
    void refusesBadParametersNamingTheField() {
        given().header("Authorization", "Bearer " + Api.OPERATOR)
                .multiPart("file", "a.csv", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("lists", "999999").post("/api/imports").then().statusCode(400)
                .body("errors.field", hasItem("lists"));
        given().header("Authorization", "Bearer " + Api.OPERATOR)
                .multiPart("file", "a.csv", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("mode", "explode").post("/api/imports").then().statusCode(400)
                .body("errors.field", hasItem("mode"));
        given().header("Authorization", "Bearer " + Api.VIEWER)
                .multiPart("file", "a.csv", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/imports").then().statusCode(403);
    }

    static JsonPath runImport(String csv, long list, String overwrite) {
        return runImport(csv, list, "subscribe", overwrite);
    }

    static JsonPath runImport(String csv, long list, String mode, String overwrite) {
        return runImport(csv, String.valueOf(list), mode, overwrite);
    }

    /** Imports into {@code lists} (comma-separated ids) and waits until the import is no longer running. */
    static JsonPath runImport(String csv, String lists, String mode, String overwrite) {
        long id = given().header("Authorization", "Bearer " + Api.OPERATOR)
                .multiPart("file", "subscribers.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("lists", lists)
                .multiPart("mode", mode)
                .multiPart("overwrite", overwrite)
                .post("/api/imports").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath[] progress = new JsonPath[1];
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            progress[0] = Api.as(Api.VIEWER).get("/api/imports/" + id).then().statusCode(200).extract().jsonPath();
            return !"running".equals(progress[0].getString("status"));
        });
        return progress[0];
    }
}
