package dev.pvault.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pvault.core.worker.QueuedJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a Lambda handler the way the SQS event source mapping does: the batch becomes an {@link SQSEvent}
 * (message id, receipt handle, body, receive count, message group, the queue's ARN), the context reports
 * the time left before the batch's deadline, and the ids in the partial batch response are the failures. A
 * handler that throws fails the whole batch, as it would in Lambda.
 */
public final class FunctionBatchHandler implements QueuePoller.BatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionBatchHandler.class);

    private final RequestHandler<SQSEvent, SQSBatchResponse> function;
    private final String queueArn;
    private final String region;
    private final InstantSource clock;

    public FunctionBatchHandler(
            RequestHandler<SQSEvent, SQSBatchResponse> function, String queueArn, String region, InstantSource clock) {
        this.function = function;
        this.queueArn = queueArn;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Set<String> handle(List<QueuedJob> batch, Instant deadline) {
        SQSEvent event = toEvent(batch, queueArn, region);
        SQSBatchResponse response = function.handleRequest(event, new LocalContext(deadline, clock));
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        return failed;
    }

    /** The event Lambda would deliver for {@code batch}. */
    public static SQSEvent toEvent(List<QueuedJob> batch, String queueArn, String region) {
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream()
                .map(job -> {
                    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                    message.setMessageId(job.messageId());
                    message.setReceiptHandle(job.receiptHandle());
                    message.setBody(job.body());
                    Map<String, String> attributes = new HashMap<>();
                    attributes.put("ApproximateReceiveCount", Integer.toString(job.receiveCount()));
                    job.groupId().ifPresent(group -> attributes.put("MessageGroupId", group));
                    message.setAttributes(attributes);
                    message.setMessageAttributes(Map.of());
                    message.setEventSource("aws:sqs");
                    message.setEventSourceArn(queueArn);
                    message.setAwsRegion(region);
                    return message;
                })
                .toList());
        return event;
    }

    /** A Lambda context whose remaining time runs down to {@code deadline}. */
    static final class LocalContext implements Context {
        private final Instant deadline;
        private final InstantSource clock;
        private final String requestId = UUID.randomUUID().toString();

        LocalContext(Instant deadline, InstantSource clock) {
            this.deadline = deadline;
            this.clock = clock;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/pvault/local";
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return "pvault-embed-local";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:local:000000000000:function:pvault-embed-local";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int getMemoryLimitInMB() {
            return (int) (Runtime.getRuntime().maxMemory() >> 20);
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    LOG.info(message);
                }

                @Override
                public void log(byte[] message) {
                    LOG.info(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
