package dev.pvault.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pvault.core.worker.QueuedJob;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The AWS Lambda function: SQS job records in, a partial batch response out ({@code
 * ReportBatchItemFailures} must be on for the event source mapping). Only the Lambda-specific part lives
 * here: the event's records become {@link QueuedJob}s, the context's remaining time becomes the batch's
 * deadline, and the {@link WorkerLoop}'s hand-backs become {@code batchItemFailures}; the loop does the rest
 * (per-job deadlines, the FIFO rule, outcome logs, metrics).
 *
 * <p>Init (the constructor) parses {@link WorkerConfig} from the environment once and builds the clients,
 * the store and the embedder once; it creates no key, reads no secret and draws no randomness, so a
 * SnapStart snapshot holds nothing that must be unique or secret. The keyring and the database login are
 * read on the first job.
 *
 * <p>Logs name message ids, job ids and counts; never a body (an {@link SQSEvent.SQSMessage}'s own toString
 * prints its body, so records are never logged whole).
 */
public final class EmbedFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final WorkerLoop loop;
    private final InstantSource clock;
    private final AutoCloseable owned;

    /** The Lambda runtime's entry point: configuration from the environment. */
    public EmbedFunction() {
        this(WorkerConfig.fromEnvironment(System.getenv()));
    }

    private EmbedFunction(WorkerConfig config) {
        this(LambdaInit.start(config));
    }

    private EmbedFunction(WorkerRuntime runtime) {
        this(
                new WorkerLoop(
                        runtime.processor(),
                        new WorkerLoop.Settings(runtime.config().handback(), 1),
                        JobMetrics.lambda(),
                        InstantSource.system()),
                InstantSource.system(),
                runtime);
    }

    /** A function on a loop built elsewhere (tests); closing the function leaves the loop to its owner. */
    public EmbedFunction(WorkerLoop loop, InstantSource clock) {
        this(loop, clock, null);
    }

    private EmbedFunction(WorkerLoop loop, InstantSource clock, AutoCloseable owned) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owned = owned;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis());
        WorkerLoop.BatchResult result =
                loop.run(records.stream().map(EmbedFunction::toJob).toList(), deadline);
        return SQSBatchResponse.builder()
                .withBatchItemFailures(result.handedBack().stream()
                        .map(id -> SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier(id)
                                .build())
                        .toList())
                .build();
    }

    /** A record as the loop sees every received job; the message group is present on FIFO queues only. */
    static QueuedJob toJob(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes() == null ? Map.of() : record.getAttributes();
        return new QueuedJob(
                record.getMessageId(),
                record.getReceiptHandle() == null ? "" : record.getReceiptHandle(),
                record.getBody() == null ? "" : record.getBody(),
                receiveCount(attributes.get("ApproximateReceiveCount")),
                Optional.ofNullable(attributes.get("MessageGroupId")));
    }

    private static int receiveCount(String attribute) {
        try {
            return attribute == null ? 0 : Integer.parseInt(attribute);
        } catch (NumberFormatException e) {
            return 0; // only for the log line: a count the queue did not give is shown as 0
        }
    }

    @Override
    public void close() throws Exception {
        loop.close();
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "EmbedFunction[" + loop + "]";
    }
}
