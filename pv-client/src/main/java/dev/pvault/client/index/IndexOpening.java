package dev.pvault.client.index;

/**
 * What {@link SearchIndex#open} found in the index folder. Only {@link Loaded} gives an index; on {@link Absent} and
 * {@link Damaged} the caller makes a new one with {@link SearchIndex#create} and syncs it from the start (cursor 0).
 */
public sealed interface IndexOpening {
    /** The index as last persisted; {@link SearchIndex#cursor()} says from where to sync. */
    record Loaded(SearchIndex index) implements IndexOpening {}

    /** No index was ever persisted here. */
    record Absent() implements IndexOpening {}

    /**
     * An index is here but cannot be trusted or used: a file missing, truncated, altered or sealed under another key,
     * an unknown format, or one made for another model or settings. {@code reason} names files and sizes, never
     * content.
     */
    record Damaged(String reason) implements IndexOpening {}
}
