package dev.pvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pvault.client.VaultStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The status fields of DESIGN.md section 6, in the order it gives them (import, status, worker, demo). */
    public static Map<String, Object> statusFields(VaultStatus.Counts counts) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("imported", counts.imported());
        fields.put("queued", counts.queued());
        fields.put("running", counts.running());
        fields.put("done", counts.done());
        fields.put("failed", counts.failed());
        fields.put("dead", counts.dead());
        fields.put("jobs", counts.jobs());
        return fields;
    }
}
