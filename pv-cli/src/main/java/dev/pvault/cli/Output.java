package dev.pvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a command's result goes: one JSON document on stdout with {@code --json}, lines for people
 * otherwise. Progress and notes go to stderr so that stdout stays parseable.
 */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final CommonOptions options;
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public Output(CommonOptions options) {
        this.options = options;
    }

    public boolean json() {
        return options.json();
    }

    public void json(Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON result", e);
        }
    }

    public void line(String text) {
        out.println(text);
    }
}
