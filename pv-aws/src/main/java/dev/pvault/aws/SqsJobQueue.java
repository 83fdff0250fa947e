package dev.pvault.aws;

import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.QueuedJob;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Jobs on an SQS queue (ElasticMQ locally). A queue whose URL ends in {@code .fifo} is FIFO: each user's
 * jobs form one message group, so they are processed in order and one at a time, and the job id is the
 * deduplication id, so a client that resends a job within five minutes does not queue it twice.
 */
public final class SqsJobQueue implements JobQueue, AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final boolean ownsClient;

    /** A queue on a client the caller owns. */
    public SqsJobQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, false);
    }

    private SqsJobQueue(SqsClient sqs, String queueUrl, boolean ownsClient) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.fifo = queueUrl.endsWith(".fifo");
        this.ownsClient = ownsClient;
    }

    /**
     * A queue with its own client (closed with the queue). {@code endpoint} points it at an SQS-compatible
     * server such as ElasticMQ; empty means AWS.
     */
    public static SqsJobQueue connect(
            String queueUrl, Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        return new SqsJobQueue(AwsClients.sqs(region, endpoint, credentials), queueUrl, true);
    }

    @Override
    public String send(JobDocument job) {
        SendMessageRequest.Builder request =
                SendMessageRequest.builder().queueUrl(queueUrl).messageBody(job.toJson());
        if (fifo) {
            request.messageGroupId(job.userId().toString())
                    .messageDeduplicationId(job.jobId().toString());
        }
        try {
            return sqs.sendMessage(request.build()).messageId();
        } catch (SdkException e) {
            throw AwsErrors.translate("SQS send of job " + job.jobId(), e);
        }
    }

    @Override
    public List<QueuedJob> receive(int max, Duration wait, Duration visibility) {
        if (max < 1 || max > MAX_BATCH) {
            throw new IllegalArgumentException("receive 1.." + MAX_BATCH + " messages, not " + max);
        }
        try {
            ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds((int) Math.min(MAX_WAIT.toSeconds(), wait.toSeconds()))
                    .visibilityTimeout((int) Math.max(1, visibility.toSeconds()))
                    .messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                            MessageSystemAttributeName.MESSAGE_GROUP_ID));
            return response.messages().stream().map(SqsJobQueue::toJob).toList();
        } catch (SdkException e) {
            throw AwsErrors.translate("SQS receive from " + queueUrl, e);
        }
    }

    @Override
    public void delete(QueuedJob job) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(job.receiptHandle()));
        } catch (SdkException e) {
            throw AwsErrors.translate("SQS delete of message " + job.messageId(), e);
        }
    }

    @Override
    public void release(QueuedJob job) {
        try {
            sqs.changeMessageVisibility(
                    b -> b.queueUrl(queueUrl).receiptHandle(job.receiptHandle()).visibilityTimeout(0));
        } catch (SdkException e) {
            throw AwsErrors.translate("SQS release of message " + job.messageId(), e);
        }
    }

    @Override
    public boolean fifo() {
        return fifo;
    }

    @Override
    public void close() {
        if (ownsClient) {
            sqs.close();
        }
    }

    private static QueuedJob toJob(Message message) {
        Map<MessageSystemAttributeName, String> attributes = message.attributes();
        int receiveCount = parseCount(attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        return new QueuedJob(
                message.messageId(),
                message.receiptHandle(),
                message.body(),
                receiveCount,
                Optional.ofNullable(attributes.get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
    }

    private static int parseCount(String text) {
        try {
            return text == null ? 1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public String toString() {
        return "SqsJobQueue[" + queueUrl + (fifo ? ", FIFO" : "") + "]";
    }
}
