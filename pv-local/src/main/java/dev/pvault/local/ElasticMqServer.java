package dev.pvault.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.pvault.core.UnavailableException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * ElasticMQ, persistent: {@code ElasticMQServer} with an H2 message store under the home (the REST-only
 * builder keeps messages in memory). Bound to 127.0.0.1, statistics server off (ElasticMQ's defaults bind
 * 0.0.0.0:9324 and 9325). The job queue and its dead-letter queue (with the redrive policy) come from the
 * configuration and appear shortly after the port opens, so start() polls GetQueueUrl before returning.
 *
 * <p>H2 runs with {@code WRITE_DELAY=0}: by default it writes committed changes half a second late, and a
 * kill -9 in that window lost the jobs just sent (measured: both jobs sent within the last second before a
 * SIGKILL were gone after the restart). The client's journal covers what even this cannot (a power cut).
 */
final class ElasticMqServer implements AutoCloseable {
    private final scala.Function0<?> shutdown;
    private final URI endpoint;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    private ElasticMqServer(scala.Function0<?> shutdown, URI endpoint, String queueUrl, String deadLetterQueueUrl) {
        this.shutdown = shutdown;
        this.endpoint = endpoint;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    static ElasticMqServer start(Path dir, int port, LocalCloud.Settings settings) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new UnavailableException("cannot create the queue folder " + dir + " (" + e + ")", e);
        }
        Config config = ConfigFactory.parseString(hocon(dir, port, settings))
                .withFallback(ConfigFactory.load(ElasticMqServer.class.getClassLoader()));
        ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config));
        scala.Function0<?> shutdown;
        try {
            shutdown = server.start();
        } catch (RuntimeException e) {
            if (PortTakenException.isBindFailure(e)) {
                throw new PortTakenException("the SQS server (ElasticMQ)", port, e);
            }
            throw new UnavailableException(
                    "cannot start the SQS server (ElasticMQ) on 127.0.0.1:" + port + " ("
                            + e.getClass().getName() + ")",
                    e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (SqsClient sqs = client(endpoint, settings.region())) {
            String queueUrl = awaitQueue(sqs, settings.queueName(), Duration.ofSeconds(30));
            String dlqUrl = awaitQueue(sqs, settings.deadLetterQueueName(), Duration.ofSeconds(30));
            return new ElasticMqServer(shutdown, endpoint, queueUrl, dlqUrl);
        } catch (RuntimeException e) {
            shutdown.apply();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    String queueUrl() {
        return queueUrl;
    }

    String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    @Override
    public void close() {
        shutdown.apply();
    }

    private static String hocon(Path dir, int port, LocalCloud.Settings settings) {
        String fifo = settings.fifo() ? "fifo = true\n      contentBasedDeduplication = false\n" : "";
        return """
                node-address { protocol = "http", host = "127.0.0.1", port = %d, context-path = "" }
                generate-node-address = false
                rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                rest-stats { enabled = false }
                aws { region = "%s", accountId = "000000000000" }
                queues {
                  "%s" {
                      defaultVisibilityTimeout = %d seconds
                      delay = 0 seconds
                      receiveMessageWait = 0 seconds
                      %sdeadLettersQueue { name = "%s", maxReceiveCount = %d }
                  }
                  "%s" {
                      %s
                  }
                }
                messages-storage {
                  enabled = true
                  uri = "jdbc:h2:%s;WRITE_DELAY=0"
                }
                """.formatted(
                        port,
                        port,
                        settings.region(),
                        baseName(settings.queueName()),
                        settings.visibilityTimeout().toSeconds(),
                        fifo,
                        settings.deadLetterQueueName(),
                        settings.maxReceiveCount(),
                        baseName(settings.deadLetterQueueName()),
                        fifo,
                        dir.resolve("messages").toAbsolutePath().toString().replace("\\", "/"));
    }

    /** ElasticMQ adds ".fifo" itself to a queue configured with fifo = true. */
    private static String baseName(String queue) {
        return queue.endsWith(".fifo") ? queue.substring(0, queue.length() - ".fifo".length()) : queue;
    }

    private static String awaitQueue(SqsClient sqs, String name, Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(giveUp)) {
            try {
                GetQueueUrlResponse response = sqs.getQueueUrl(b -> b.queueName(name));
                return response.queueUrl();
            } catch (QueueDoesNotExistException e) {
                last = e;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new UnavailableException("ElasticMQ did not create queue " + name + " within " + timeout.toSeconds()
                + " s (" + (last == null ? "interrupted" : last.getClass().getSimpleName()) + ")");
    }

    static SqsClient client(URI endpoint, String region) {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY)))
                .build();
    }
}
