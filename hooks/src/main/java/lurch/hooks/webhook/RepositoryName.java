package lurch.hooks.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds the repository a delivery names without building a tree of the body: a streaming pass that holds one
 * token at a time and stops at the name. The server must know the repository to pick the secret that checks the
 * signature, and nothing more than this may be spent on a delivery before it is authenticated.
 *
 * <p>The first name found wins; {@link Payload} refuses bodies with duplicate keys once the delivery is
 * authenticated, so a signed body cannot name one repository here and another to the build.
 */
final class RepositoryName {
    /**
     * Field names are interned per parse (a million {@code "a"} keys make one string, not a million); Jackson hands a
     * parse's symbols back to the shared table only while they are few, so distinct names cannot grow it.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private RepositoryName() {
    }

    /**
     * The text at {@code objectField.nameField} of the top-level object (GitHub's {@code repository.full_name});
     * empty when the body is a JSON object without it.
     *
     * @throws MalformedPayloadException when the body is not a JSON object or the name is not text
     */
    static Optional<String> find(byte[] body, String objectField, String nameField)
            throws MalformedPayloadException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPayloadException("the payload is not a JSON object");
            }
            if (!skipTo(parser, objectField) || parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            if (!skipTo(parser, nameField)) {
                return Optional.empty();
            }
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                return Optional.empty();
            }
            if (value != JsonToken.VALUE_STRING) {
                throw new MalformedPayloadException("the payload's '" + objectField + "." + nameField + "' is not text");
            }
            return Optional.of(parser.getText());
        } catch (IOException e) {
            // The parser's message quotes the body; the sender gets a sentence of ours instead.
            throw new MalformedPayloadException("the payload is not valid JSON", e);
        }
    }

    /** Moves to the value of {@code field} in the object the parser is in; false when the object ends first. */
    private static boolean skipTo(JsonParser parser, String field) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            if (field.equals(parser.currentName())) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        if (token == null) {
            throw new IOException("the payload ends inside an object");
        }
        return false;
    }
}
