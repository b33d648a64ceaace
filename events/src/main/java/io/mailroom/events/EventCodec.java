package io.mailroom.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Encodes events to JSON and decodes them back, checking the {@code type}, the {@code version} and the JSON Schema
 * in {@code /schemas/<type>.schema.json}. Anything that fails is a {@link PoisonEventException} naming why.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final Map<Class<?>, String> TYPES = Map.of(
            SubscriberState.class, SubscriberState.TYPE,
            CampaignState.class, CampaignState.TYPE,
            SendRequest.class, SendRequest.TYPE,
            SendOutcome.class, SendOutcome.TYPE,
            FeedbackEvent.class, FeedbackEvent.TYPE,
            ListCommand.class, ListCommand.TYPE);
    private static final Map<String, Integer> VERSIONS = Map.of(
            SubscriberState.TYPE, SubscriberState.VERSION,
            CampaignState.TYPE, CampaignState.VERSION,
            SendRequest.TYPE, SendRequest.VERSION,
            SendOutcome.TYPE, SendOutcome.VERSION,
            FeedbackEvent.TYPE, FeedbackEvent.VERSION,
            ListCommand.TYPE, ListCommand.VERSION);

    private EventCodec() {
    }

    /** The mapper the events are written with; services may use it for anything else JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(MailroomEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.type(), e);
        }
    }

    /** Decodes and validates one record, or throws {@link PoisonEventException} with the reason. */
    public static <T extends MailroomEvent> T decode(String json, Class<T> expected) {
        if (json == null || json.isBlank()) {
            throw new PoisonEventException("empty record");
        }
        String type = TYPES.get(expected);
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new PoisonEventException("not a JSON object");
        }
        String actualType = node.path("type").asText(null);
        if (!type.equals(actualType)) {
            throw new PoisonEventException("type is '" + actualType + "', expected '" + type + "'");
        }
        int actualVersion = node.path("version").asInt(-1);
        if (actualVersion < 1 || actualVersion > VERSIONS.get(type)) {
            throw new PoisonEventException("unsupported version " + node.path("version") + " of " + type);
        }
        Set<String> violations = violations(type, node);
        if (!violations.isEmpty()) {
            throw new PoisonEventException("invalid " + type + ": " + String.join("; ", violations));
        }
        try {
            return MAPPER.treeToValue(node, expected);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("invalid " + type + ": " + e.getOriginalMessage());
        }
    }

    /** Schema violations of a JSON document claiming to be of the given type (empty when valid). */
    public static Set<String> violations(String type, JsonNode node) {
        return schema(type).validate(node).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static JsonSchema schema(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            try (InputStream in = EventCodec.class.getResourceAsStream("/schemas/" + t + ".schema.json")) {
                if (in == null) {
                    throw new IllegalStateException("no schema for event type " + t);
                }
                return SCHEMAS.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
