package dev.pvault.client;

import dev.pvault.core.model.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Groups a stream of messages into batches of one chat each, of at most {@code maxMessages} messages and
 * {@code maxChars} characters of text. One chat per batch is what lets {@code pvault delete --chat} remove
 * a chat by removing whole batches and their keys.
 */
final class BatchAssembler {
    private final int maxMessages;
    private final long maxChars;
    private final Consumer<List<ChatMessage>> flush;
    private final Map<String, Pending> open = new LinkedHashMap<>();

    private static final class Pending {
        final List<ChatMessage> messages = new ArrayList<>();
        long chars;
    }

    BatchAssembler(int maxMessages, long maxChars, Consumer<List<ChatMessage>> flush) {
        if (maxMessages < 1 || maxChars < 1) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
        this.flush = flush;
    }

    void add(ChatMessage message) {
        Pending pending = open.computeIfAbsent(message.chat(), chat -> new Pending());
        long size = message.text().length() + message.sender().length();
        if (!pending.messages.isEmpty() && pending.chars + size > maxChars) {
            flush(message.chat(), pending);
            pending = open.computeIfAbsent(message.chat(), chat -> new Pending());
        }
        pending.messages.add(message);
        pending.chars += size;
        if (pending.messages.size() >= maxMessages) {
            flush(message.chat(), pending);
        }
    }

    /** Flushes every chat's remainder. */
    void finish() {
        for (Map.Entry<String, Pending> entry : List.copyOf(open.entrySet())) {
            flush(entry.getKey(), entry.getValue());
        }
    }

    private void flush(String chat, Pending pending) {
        open.remove(chat);
        if (!pending.messages.isEmpty()) {
            flush.accept(List.copyOf(pending.messages));
        }
    }
}
