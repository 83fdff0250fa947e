package dev.pvault.core.worker;

/** Where a job stands. Every job is in exactly one state, so counts by state add up to what was imported. */
public enum JobState {
    /** Enqueued, or handed back after a transient failure; waiting for a worker. */
    QUEUED,
    /** A worker took it; it is DONE, FAILED or QUEUED again when that attempt ends. */
    RUNNING,
    /** Its vectors are stored. Final: a redelivery changes nothing. */
    DONE,
    /** Poison: it can never succeed as it is (see the error reason). Its message goes to the dead-letter queue. */
    FAILED
}
