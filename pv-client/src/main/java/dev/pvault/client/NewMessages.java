package dev.pvault.client;

import dev.pvault.core.api.VaultApi;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sorts an import's messages into new ones and ones the vault already has, asking the service about the
 * recorded message ids ({@link VaultApi#knownMessages}) a chunk at a time, in the order they come: an
 * import costs as much as the export, not as much as the vault. A message that comes twice in one import
 * (overlapping exports) goes in once.
 */
final class NewMessages {
    /** Ids per lookup: one round trip per thousand messages, as the store's own statements chunk. */
    static final int CHUNK = 1000;

    private final VaultApi api;
    private final String model;
    private final Consumer<ChatMessage> fresh;
    private final Runnable present;
    private final Set<MessageId> seen = new HashSet<>();
    private final List<ChatMessage> pending = new ArrayList<>(CHUNK);

    NewMessages(VaultApi api, String model, Consumer<ChatMessage> fresh, Runnable present) {
        this.api = api;
        this.model = model;
        this.fresh = fresh;
        this.present = present;
    }

    /** Takes the next message of the import; decided when its chunk is full, or on {@link #flush()}. */
    void offer(ChatMessage message) {
        pending.add(message);
        if (pending.size() == CHUNK) {
            flush();
        }
    }

    /** Decides every message offered so far, in order. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Set<MessageId> known =
                api.knownMessages(model, pending.stream().map(ChatMessage::id).toList());
        for (ChatMessage message : pending) {
            if (!known.contains(message.id()) && seen.add(message.id())) {
                fresh.accept(message);
            } else {
                present.run();
            }
        }
        pending.clear();
    }
}
