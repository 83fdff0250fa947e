package dev.pvault.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pvault.core.worker.JobOutcome;
import dev.pvault.core.worker.JobProcessor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS Lambda function: SQS job records in, a partial batch response out ({@code
 * ReportBatchItemFailures} must be on for the event source mapping).
 *
 * <p>Init (the constructor) parses {@link WorkerConfig} from the environment once and builds the clients,
 * the store and the embedder once; it creates no key, reads no secret and draws no randomness, so a
 * SnapStart snapshot holds nothing that must be unique or secret. The keyring and the database login are
 * read on the first job.
 *
 * <p>Per invocation: each record in its own try, so one bad job never fails its neighbours; the response
 * lists only failed records (retry, poison, and anything unexpected); records that cannot start before the
 * remaining time drops to {@link WorkerConfig#handback()} are handed back unprocessed. On a FIFO queue the
 * handler stops at the first failure and returns it and every record after it, as SQS FIFO ordering
 * requires. Poison is returned as a failure too: the queue's redrive policy moves it to the dead-letter
 * queue after {@code maxReceiveCount}.
 *
 * <p>Logs name message ids, job ids and counts; never a body (an {@link SQSEvent.SQSMessage}'s own toString
 * prints its body, so records are never logged whole).
 */
public final class EmbedFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedFunction.class);

    private final JobProcessor processor;
    private final Duration handback;
    private final JobMetrics metrics;
    private final InstantSource clock;
    private final AutoCloseable owned;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    /** The Lambda runtime's entry point: configuration from the environment. */
    public EmbedFunction() {
        this(WorkerConfig.fromEnvironment(System.getenv()));
    }

    private EmbedFunction(WorkerConfig config) {
        this(LambdaInit.start(config), JobMetrics.lambda(), InstantSource.system());
    }

    /** A function on a runtime built elsewhere (the local runner, tests); it closes the runtime when closed. */
    public EmbedFunction(WorkerRuntime runtime, JobMetrics metrics, InstantSource clock) {
        this(runtime.processor(), runtime.config().handback(), metrics, clock, runtime);
    }

    /** A function on a bare processor (tests). */
    public EmbedFunction(JobProcessor processor, Duration handback, JobMetrics metrics, InstantSource clock) {
        this(processor, handback, metrics, clock, null);
    }

    private EmbedFunction(
            JobProcessor processor, Duration handback, JobMetrics metrics, InstantSource clock, AutoCloseable owned) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.handback = Objects.requireNonNull(handback, "handback");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owned = owned;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        boolean cold = coldStart.getAndSet(false);
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        boolean fifo = records.stream().anyMatch(EmbedFunction::isFifo);
        List<String> failed = new ArrayList<>();
        List<JobOutcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            long remaining = context.getRemainingTimeInMillis();
            if (remaining <= handback.toMillis()) {
                List<String> rest = ids(records.subList(i, records.size()));
                LOG.warn(
                        "handing back {} of {} records unprocessed: {} ms left, {} ms kept in reserve",
                        rest.size(),
                        records.size(),
                        remaining,
                        handback.toMillis());
                failed.addAll(rest);
                break;
            }
            Instant deadline = clock.instant().plusMillis(remaining - handback.toMillis());
            JobOutcome outcome = process(record, deadline);
            outcomes.add(outcome);
            OutcomeLog.log(LOG, record.getMessageId(), receiveCount(record), outcome);
            if (!outcome.succeeded()) {
                failed.add(record.getMessageId());
                if (fifo && i + 1 < records.size()) {
                    List<String> rest = ids(records.subList(i + 1, records.size()));
                    LOG.info(
                            "FIFO: handing back the {} records after failed message {}",
                            rest.size(),
                            record.getMessageId());
                    failed.addAll(rest);
                    break;
                }
            }
        }
        metrics.publish(processor.modelId(), cold, outcomes, failed.size());
        return SQSBatchResponse.builder()
                .withBatchItemFailures(failed.stream()
                        .map(id -> SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier(id)
                                .build())
                        .toList())
                .build();
    }

    private JobOutcome process(SQSEvent.SQSMessage record, Instant deadline) {
        return processor.process(record.getBody() == null ? "" : record.getBody(), deadline);
    }

    private static String receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        return attributes == null ? "?" : attributes.getOrDefault("ApproximateReceiveCount", "?");
    }

    private static boolean isFifo(SQSEvent.SQSMessage record) {
        String arn = record.getEventSourceArn();
        return (arn != null && arn.endsWith(".fifo"))
                || (record.getAttributes() != null && record.getAttributes().containsKey("MessageGroupId"));
    }

    private static List<String> ids(List<SQSEvent.SQSMessage> records) {
        return records.stream().map(SQSEvent.SQSMessage::getMessageId).toList();
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "EmbedFunction[model=" + processor.modelId() + ", handback=" + handback + "]";
    }
}
