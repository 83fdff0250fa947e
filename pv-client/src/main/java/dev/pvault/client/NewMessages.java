package dev.pvault.client;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.EmbeddingStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sorts an import's messages into new ones and ones the vault already has, asking the store about the
 * recorded message ids ({@link EmbeddingStore#knownMessageIds}) a chunk at a time, in the order they come: an
 * import costs as much as the export, not as much as the vault. A message that comes twice in one import
 * (overlapping exports) goes in once.
 */
final class NewMessages {
    /** Ids per store lookup: one round trip per thousand messages, as the store's own statements chunk. */
    static final int CHUNK = 1000;

    private final EmbeddingStore store;
    private final UserId user;
    private final String model;
    private final Consumer<ChatMessage> fresh;
    private final Runnable present;
    private final Set<MessageId> seen = new HashSet<>();
    private final List<ChatMessage> pending = new ArrayList<>(CHUNK);

    NewMessages(EmbeddingStore store, UserId user, String model, Consumer<ChatMessage> fresh, Runnable present) {
        this.store = store;
        this.user = user;
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
        Set<MessageId> known = store.knownMessageIds(
                user, model, pending.stream().map(ChatMessage::id).toList());
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
