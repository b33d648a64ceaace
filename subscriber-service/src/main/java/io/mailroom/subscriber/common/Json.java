package io.mailroom.subscriber.common;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.EventCodec;

/** JSON conversions for attribute maps stored as {@code jsonb}. */
public final class Json {
    /** Attributes larger than this (serialised) are refused. */
    public static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} with a readable reason otherwise. */
    public static Map<String, Object> object(String json) {
        return EventCodec.mapper().convertValue(tree(json), MAP);
    }

    /**
     * Attributes given as JSON text, re-serialised compactly as {@link #attributes(Map)} writes them, or
     * {@link IllegalArgumentException} with the reason; for bulk input, without building the map in between.
     */
    public static String attributes(String json) {
        return sized(write(tree(json)));
    }

    /** Serialised attributes, or a reason they are refused (too large). */
    public static String attributes(Map<String, Object> attributes) {
        return sized(write(attributes == null ? Map.of() : attributes));
    }

    private static JsonNode tree(String json) {
        try {
            JsonNode node = EventCodec.mapper().readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String sized(String json) {
        if (json.length() > MAX_ATTRIBUTES_BYTES) {
            throw new IllegalArgumentException("is larger than 64 KB");
        }
        return json;
    }
}
