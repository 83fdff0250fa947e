package dev.pvault.aws;

import dev.pvault.core.worker.JobOutcome;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Worker metrics as CloudWatch Embedded Metric Format lines (aws-embedded-metrics): one record per handled
 * batch, namespace {@value #NAMESPACE}, dimensioned by model only. Counts and durations, never an id, a
 * text or a vector.
 *
 * <ul>
 *   <li>{@code EmbeddingsGenerated}: vectors stored (sum)
 *   <li>{@code ItemsFailed}: queue messages handed back for redelivery (retry, poison, out of time, FIFO skip)
 *   <li>{@code PoisonJobs}: jobs that can never succeed
 *   <li>{@code JobDurationMs}: one value per job
 *   <li>{@code ColdStart}: 1 on a container's first batch, else 0
 * </ul>
 */
public final class JobMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(JobMetrics.class);
    public static final String NAMESPACE = "PersonalVault";
    public static final String MODEL_DIMENSION = "Model";

    private final Environment environment;

    /** Metrics written through {@code environment}'s sink. */
    public JobMetrics(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Inside Lambda: EMF lines on stdout, which CloudWatch Logs turns into metrics. */
    public static JobMetrics lambda() {
        return new JobMetrics(new LambdaEnvironment());
    }

    /** Elsewhere (EC2, Fargate, Kubernetes): EMF lines on stdout, for a log agent that understands them. */
    public static JobMetrics stdout(String serviceName) {
        return new JobMetrics(new PlainEnvironment(serviceName, new ConsoleSink()));
    }

    /** No metrics. */
    public static JobMetrics off() {
        return new JobMetrics(new PlainEnvironment("pvault-worker", new ISink() {
            @Override
            public void accept(MetricsContext context) {}

            @Override
            public java.util.concurrent.CompletableFuture<Void> shutdown() {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        }));
    }

    /** Publishes one record for a batch of job outcomes; a failure to publish is logged, never thrown. */
    public void publish(String model, boolean coldStart, List<JobOutcome> outcomes, int failedItems) {
        try {
            emit(model, coldStart, outcomes, failedItems);
        } catch (RuntimeException e) {
            // A failing metrics publisher is no reason to fail the batch.
            LOG.warn("could not publish metrics ({})", e.getClass().getSimpleName());
        }
    }

    private void emit(String model, boolean coldStart, List<JobOutcome> outcomes, int failedItems) {
        MetricsLogger metrics = new MetricsLogger(environment);
        metrics.setNamespace(NAMESPACE);
        metrics.setDimensions(false, DimensionSet.of(MODEL_DIMENSION, model));
        int embedded = 0;
        int poison = 0;
        for (JobOutcome outcome : outcomes) {
            switch (outcome) {
                case JobOutcome.Stored stored -> embedded += stored.embedded();
                case JobOutcome.Poison ignored -> poison++;
                case JobOutcome.Retry ignored -> {}
            }
            metrics.putMetric("JobDurationMs", outcome.elapsed().toMillis(), Unit.MILLISECONDS);
        }
        metrics.putMetric("EmbeddingsGenerated", embedded, Unit.COUNT);
        metrics.putMetric("ItemsFailed", failedItems, Unit.COUNT);
        metrics.putMetric("PoisonJobs", poison, Unit.COUNT);
        metrics.putMetric("ColdStart", coldStart ? 1 : 0, Unit.COUNT);
        metrics.flush();
    }

    /** An environment that is not Lambda's: no probing, no default dimensions, the given sink. */
    public record PlainEnvironment(String name, ISink sink) implements Environment {
        @Override
        public boolean probe() {
            return false;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getType() {
            return "pvault";
        }

        @Override
        public String getLogGroupName() {
            return name;
        }

        @Override
        public void configureContext(MetricsContext context) {}

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
