package lurch.hooks.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A parsed webhook body with field access that fails with a sentence naming the payload and the field,
 * e.g. "push payload has no 'after' field".
 */
final class Payload {
    /** Duplicate keys are refused: {@link RepositoryName} reads the first, a tree would keep the last. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String kind;
    private final JsonNode root;

    private Payload(String kind, JsonNode root) {
        this.kind = kind;
        this.root = root;
    }

    /** Parses {@code body}; {@code kind} names the payload in error messages ("push", "Merge Request Hook"). */
    static Payload parse(String kind, byte[] body) throws MalformedPayloadException {
        if (body == null || body.length == 0) {
            throw new MalformedPayloadException(kind + " payload is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Where, not the parser's words: those quote the body and are a library's text.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new MalformedPayloadException(kind + " payload is not valid JSON" + where, e);
        } catch (IOException e) {
            throw new MalformedPayloadException(kind + " payload could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException(kind + " payload is not a JSON object");
        }
        return new Payload(kind, root);
    }

    /** The text at the dotted {@code path}; fails when it is missing, null, empty or not a scalar. */
    String text(String path) throws MalformedPayloadException {
        String value = optionalText(path);
        if (value == null || value.isEmpty()) {
            throw new MalformedPayloadException(kind + " payload has no '" + path + "' field");
        }
        return value;
    }

    /** The text at the dotted {@code path}, or null when it is missing or null. */
    String optionalText(String path) throws MalformedPayloadException {
        JsonNode node = node(path);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new MalformedPayloadException(kind + " payload field '" + path + "' is not text");
        }
        return node.asText();
    }

    /** The whole number at the dotted {@code path}; fails when it is missing or not an integer. */
    int integer(String path) throws MalformedPayloadException {
        JsonNode node = node(path);
        if (node == null || node.isNull()) {
            throw new MalformedPayloadException(kind + " payload has no '" + path + "' field");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new MalformedPayloadException(kind + " payload field '" + path + "' is not a whole number");
        }
        return node.intValue();
    }

    /** The text at the dotted {@code path}, or {@code fallback} when it is missing, null or empty. */
    String textOr(String path, String fallback) throws MalformedPayloadException {
        String value = optionalText(path);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The first text among {@code paths} that is present and not empty, or null. */
    String firstText(String... paths) throws MalformedPayloadException {
        for (String path : paths) {
            String value = optionalText(path);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /**
     * The element of the array at {@code arrayPath} whose {@code idField} equals {@code id}, e.g. the pushed head
     * among a push's commits; an empty object, whose fields are all missing, when there is none.
     */
    Payload element(String arrayPath, String idField, String id) {
        String elementKind = kind + " " + arrayPath + "[" + id + "]";
        JsonNode array = node(arrayPath);
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                JsonNode itemId = item.get(idField);
                if (item.isObject() && itemId != null && id.equals(itemId.asText())) {
                    return new Payload(elementKind, item);
                }
            }
        }
        return new Payload(elementKind, JSON.createObjectNode());
    }

    /** The object at the dotted {@code path}; an empty object, whose fields are all missing, when there is none. */
    Payload object(String path) {
        JsonNode node = node(path);
        return new Payload(kind + " " + path, node != null && node.isObject() ? node : JSON.createObjectNode());
    }

    private JsonNode node(String path) {
        JsonNode node = root;
        for (String name : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }
}
