/**
 * The worker pipeline: {@link dev.pvault.core.worker.JobProcessor} turns one job into sealed vectors,
 * through the ports it names ({@link dev.pvault.core.worker.BlobStore}, {@link
 * dev.pvault.core.worker.EmbeddingStore}, {@link dev.pvault.core.worker.WorkerKeySource} and the {@link
 * dev.pvault.core.embed.Embedder}), and says per job whether it was stored, should be retried, or is poison.
 *
 * <p>Adapters live in their own modules (pv-aws, pv-store-postgres); nothing here does I/O.
 */
package dev.pvault.core.worker;
