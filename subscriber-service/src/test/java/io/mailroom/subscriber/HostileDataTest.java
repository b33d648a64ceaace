package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.operator;
import static io.mailroom.subscriber.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Hostile subscriber data: names with control characters (a header injection in a mail) are refused at the door —
 * API and import — and export cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection).
 */
@QuarkusTest
class HostileDataTest {
    private static final String HOSTILE_NAME = "Bob\r\nBcc: evil@attacker.example";

    @Test
    void nameWithControlCharactersIsRefusedOnCreateNamingTheFieldAndNothingIsCreated() {
        String email = "cc." + unique() + "@example.com";
        operator().body(Map.of("email", email, "name", HOSTILE_NAME)).post("/api/subscribers").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("name"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=" + email).then().body("total", equalTo(0));
    }

    @Test
    void nameWithControlCharactersIsRefusedOnPatchAndTheNameStays() {
        String email = "cp." + unique() + "@example.com";
        long id = Api.createSubscriber(email, List.of());
        for (String name : List.of(HOSTILE_NAME, "tab\there", "nul\u0000", "line\u2028separator")) {
            operator().body(Map.of("name", name)).patch("/api/subscribers/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("name"));
        }
        Api.as(Api.VIEWER).get("/api/subscribers/" + id).then().body("name", equalTo("N " + email));
    }

    @Test
    void importRowWithAControlCharacterInTheNameIsARowError() {
        long list = Api.createList("single");
        String tag = unique();
        JsonPath result = ImportTest.runImport("email,name\n"
                + "ok." + tag + "@example.com,Fine\n"
                + "bad." + tag + "@example.com,\"Bob\r\nBcc: evil@attacker.example\"\n", list, "false");
        assertEquals("finished", result.getString("status"));
        assertEquals(1, result.getLong("imported"));
        assertEquals(1, result.getLong("errorCount"));
        assertEquals(3, result.getLong("errors[0].line"));
        assertTrue(result.getString("errors[0].reason").startsWith("name "), result.getString("errors[0].reason"));
        Api.as(Api.VIEWER).get("/api/subscribers?email=bad." + tag).then().body("total", equalTo(0));
    }

    @Test
    void exportNeutralisesCellsASpreadsheetWouldReadAsAFormula() {
        long list = Api.createList("single");
        String tag = unique();
        Map<String, String> names = Map.of("eq." + tag + "@example.com", "=HYPERLINK(\"http://evil.example\",\"x\")",
                "plus." + tag + "@example.com", "+1+1", "minus." + tag + "@example.com", "-2+3",
                "at." + tag + "@example.com", "@SUM(A1)", "plain." + tag + "@example.com", "Ada = Lovelace");
        names.forEach((email, name) -> operator().body(Map.of("email", email, "name", name, "lists", List.of(list)))
                .post("/api/subscribers").then().statusCode(201));
        String dash = "-dash." + tag + "@example.com";
        Api.createSubscriber(dash, List.of(list));

        Map<String, Map<String, String>> byEmail = new java.util.HashMap<>();
        rows(Api.as(Api.VIEWER).get("/api/exports/subscribers?list=" + list).then().statusCode(200).extract()
                .asString()).forEach(r -> byEmail.put(r.get("email"), r));
        names.forEach((email, name) -> assertEquals(name.equals("Ada = Lovelace") ? name : "'" + name,
                byEmail.get(email).get("name"), email));
        assertEquals("N " + dash, byEmail.get("'" + dash).get("name"));
    }

    private static List<Map<String, String>> rows(String csv) {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
