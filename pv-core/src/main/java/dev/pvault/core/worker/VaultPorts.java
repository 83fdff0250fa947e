package dev.pvault.core.worker;

/**
 * Where a vault's sealed data lives: S3, SQS with its dead-letter queue, and PostgreSQL in the cloud, or
 * the same protocols on loopback in local mode. Each is opened on first use, so a command only starts what
 * it needs ({@code pvault search} needs no queue).
 */
public interface VaultPorts {
    BlobStore blobs();

    EmbeddingStore store();

    JobQueue queue();

    /** The dead-letter queue the job queue's redrive policy moves poison to. */
    JobQueue deadLetters();
}
