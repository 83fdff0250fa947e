package dev.pvault.cli.cost;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.DataKey;
import dev.pvault.core.crypto.RecipientKeyPair;
import dev.pvault.core.crypto.SealedBatch;
import dev.pvault.core.crypto.VectorEnvelope;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes of a corpus (one message a line) as the system handles them: cl100k_base tokens (what OpenAI bills),
 * UTF-8 bytes, the sealed batch (what S3 stores) and one sealed vector of the default model (a row, and what a
 * client downloads). {@code scripts/measure-cost-figures.sh} runs it on the bench corpus.
 */
final class CorpusMeasurement {
    /** The default model's vector size (onnx:all-minilm-l6-v2). */
    static final int DIMENSION = 384;

    private CorpusMeasurement() {}

    static Map<String, Object> measure(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UserException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        long tokens = 0;
        long utf8 = 0;
        List<ChatMessage> messages = new ArrayList<>(lines.size());
        LocalDateTime time = LocalDateTime.parse("2022-01-01T08:00");
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            tokens += cl100k.countTokensOrdinary(text);
            utf8 += text.getBytes(StandardCharsets.UTF_8).length;
            messages.add(new ChatMessage(id(i), "Bench", "Ana", time.plusMinutes(i), null, text, MessageKind.TEXT));
        }
        RecipientKeyPair user = RecipientKeyPair.generate();
        UserId userId = UserId.random();
        long sealed;
        try (SealedBatch batch = BatchEnvelope.seal(userId, BatchId.random(), messages, user.publicKey())) {
            sealed = batch.envelope().length;
        }
        int vector;
        try (DataKey key = DataKey.generate()) {
            vector = VectorEnvelope.seal(new float[DIMENSION], userId, id(0), "onnx:all-minilm-l6-v2", key).length;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file.getFileName().toString());
        json.put("messages", lines.size());
        json.put("cl100k_tokens", tokens);
        json.put("utf8_bytes", utf8);
        json.put("sealed_batch_bytes", sealed);
        json.put("sealed_vector_bytes", vector);
        return json;
    }

    private static MessageId id(int i) {
        byte[] bytes = new byte[MessageId.LENGTH];
        ByteBuffer.wrap(bytes).putInt(i);
        return MessageId.of(bytes);
    }
}
