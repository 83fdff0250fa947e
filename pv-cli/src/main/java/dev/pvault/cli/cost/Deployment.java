package dev.pvault.cli.cost;

/**
 * What deploy/aws/template.yaml deploys, as far as the bill depends on it (CostTemplateTest checks these
 * against the template): the worker's memory, architecture, concurrency, batch size and log retention, and the
 * alarms and secrets it creates.
 */
public record Deployment(
        int memoryMb, String architecture, int reservedConcurrency, int batchSize, int alarms, int keepWarmMinutes) {
    /** The template's defaults. */
    public static final Deployment TEMPLATE = new Deployment(2048, "x86_64", 10, 10, 4, 5);

    /** Lambda's CPU share: one vCPU at 1,769 MB, in proportion below and above (Lambda's documentation). */
    public double vcpus() {
        return memoryMb / 1769.0;
    }

    public double memoryGb() {
        return memoryMb / 1024.0;
    }
}
