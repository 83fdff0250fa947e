package dev.pvault.core.api;

/** What a deletion removed. */
public record Deletion(int batches, int jobs, int vectors, int deadLetters) {}
