package dev.pvault.aws;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * SQS event fixtures as Lambda delivers them (capitalised {@code Records}, {@code eventSourceARN}, string
 * attributes), loaded through aws-lambda-java-tests' EventLoader, which maps them with the runtime's own
 * serializer. Bodies are placeholders ({@code {{job-0}}}) filled with real job documents before loading.
 */
final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    static SQSEvent load(String resource, Map<String, String> bodies) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> entry : bodies.entrySet()) {
                String quoted = JSON.writeValueAsString(entry.getValue());
                text = text.replace("\"{{" + entry.getKey() + "}}\"", quoted);
            }
            Path file = Files.createTempFile("sqs-event", ".json");
            try {
                Files.writeString(file, text);
                return EventLoader.loadSQSEvent(file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
