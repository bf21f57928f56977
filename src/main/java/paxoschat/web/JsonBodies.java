package paxoschat.web;

import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict parsing of small JSON request bodies into a tree, so each field can be checked
 * with a message that names it: unknown fields, duplicate keys, trailing garbage and
 * coerced scalars are all refused.
 */
public final class JsonBodies {

    private static final JsonMapper STRICT = strictMapper().build();

    private JsonBodies() {
    }

    /** A mapper builder with every leniency off; the Paxos codec starts from it too. */
    public static JsonMapper.Builder strictMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    /** Parses {@code body} as one JSON object whose field names are all in {@code allowed}. */
    public static JsonNode object(byte[] body, Set<String> allowed) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("request body is missing");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("request body must be a JSON object");
        }
        for (String name : root.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "'");
            }
        }
        return root;
    }

    /** A string field; null if absent or JSON null. */
    public static String string(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new BadRequestException("field '" + field + "' must be a string");
        }
        return node.stringValue();
    }

    /** An integer field; null if absent or JSON null. */
    public static Long integer(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new BadRequestException("field '" + field + "' must be an integer");
        }
        return node.longValue();
    }
}
