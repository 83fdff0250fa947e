package dev.pvault.local;

import dev.pvault.aws.SqsJobQueue;
import dev.pvault.core.worker.FifoJobQueueContract;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.JobQueueContract;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The JobQueue contract against {@link SqsJobQueue} on ElasticMQ, standard and FIFO. Each test gets a queue of its
 * own, created on the shared local cloud's SQS server (a few milliseconds each).
 */
class SqsJobQueueIT {
    private static SqsClient sqs;

    private static final JobQueueContract.Adapter ADAPTER = new JobQueueContract.Adapter() {
        @Override
        public JobQueue newQueue(boolean fifo) {
            String name = "contract-" + UUID.randomUUID() + (fifo ? ".fifo" : "");
            Map<QueueAttributeName, String> attributes = fifo
                    ? Map.of(
                            QueueAttributeName.FIFO_QUEUE, "true",
                            QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                    : Map.of();
            return new SqsJobQueue(
                    sqs,
                    sqs.createQueue(b -> b.queueName(name).attributes(attributes))
                            .queueUrl());
        }

        @Override
        public void elapse(Duration duration) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while letting time pass", e);
            }
        }
    };

    @BeforeAll
    static void connect() {
        LocalCloud.Sqs server = SharedCloud.get().sqs();
        sqs = ElasticMqServer.client(server.endpoint(), server.region());
    }

    @AfterAll
    static void close() {
        sqs.close();
    }

    @Nested
    class Standard extends JobQueueContract {
        @Override
        protected Adapter adapter() {
            return ADAPTER;
        }
    }

    @Nested
    class Fifo extends FifoJobQueueContract {
        @Override
        protected Adapter adapter() {
            return ADAPTER;
        }
    }
}
