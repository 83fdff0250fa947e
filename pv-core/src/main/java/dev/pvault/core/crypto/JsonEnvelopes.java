package dev.pvault.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the JSON envelopes (job document, key files) with the same error kinds as the binary ones. */
final class JsonEnvelopes {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonEnvelopes() {}

    /**
     * The top-level object of {@code json}: empty input is an {@link EmptyEnvelopeException}, input that
     * ends inside the document a {@link TruncatedEnvelopeException}, anything else that is not one JSON
     * object a {@link MalformedEnvelopeException}.
     */
    static JsonNode readObject(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new EmptyEnvelopeException(what + " is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonEOFException e) {
            throw new TruncatedEnvelopeException(
                    what + " ends inside the JSON document (" + json.length() + " characters)");
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException(what + " is not valid JSON (" + json.length()
                    + " characters; error at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEnvelopeException(what + " is not a JSON object");
        }
        return node;
    }
}
