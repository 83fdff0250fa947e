package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.UserId;

/**
 * The clear header of a sealed batch: who it belongs to, which batch, how many messages, and where the
 * body starts. Nothing here is secret; all of it is authenticated as the body's associated data.
 */
public record BatchHeader(int version, UserId userId, BatchId batchId, int messageCount, int headerLength) {}
