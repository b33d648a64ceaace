package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ExportTest {

    @Test
    void exportsExactlyWhatTheFilterMatches() {
        long list = Api.createList("single");
        long other = Api.createList("single");
        String tag = unique();
        long u1 = Api.createSubscriber("u1." + tag + "@example.com", List.of(list));
        long u2 = Api.createSubscriber("u2." + tag + "@example.com", List.of(list, other));
        long x = Api.createSubscriber("x." + tag + "@example.com", List.of(list, other));
        Api.createSubscriber("c." + tag + "@example.com", List.of(list));
        Api.setSubscription(u1, list, "unsubscribed");
        Api.setSubscription(u2, list, "unsubscribed");
        // unsubscribed from another list only: must not appear in this list's unsubscribed export (listmonk #1950)
        Api.setSubscription(x, other, "unsubscribed");
        Api.operator().body(Map.of("status", "blocklisted")).patch("/api/subscribers/" + u2).then().statusCode(200);

        String csv = export("list=" + list + "&subscriptionStatus=unsubscribed");
        assertEquals("email,name,status,status_reason,attributes,lists", csv.lines().findFirst().orElseThrow());
        List<Map<String, String>> rows = rows(csv);
        assertEquals(List.of("u1." + tag + "@example.com", "u2." + tag + "@example.com"), emails(rows));
        assertEquals(list + ":unsubscribed;" + other + ":confirmed", rows.get(1).get("lists"));
        assertEquals("blocklisted", rows.get(1).get("status"));
        assertEquals(List.of("u2." + tag + "@example.com"),
                emails(rows(export("list=" + list + "&subscriptionStatus=unsubscribed&status=blocklisted"))));
        assertEquals(4, rows(export("list=" + list)).size());
    }

    private static String export(String query) {
        return Api.as(Api.VIEWER).get("/api/exports/subscribers?" + query).then().statusCode(200)
                .contentType("text/csv").extract().asString();
    }

    private static List<String> emails(List<Map<String, String>> rows) {
        return rows.stream().map(r -> r.get("email")).toList();
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
