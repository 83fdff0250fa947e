package dev.pvault.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One local cloud for all integration tests of this JVM (starting PostgreSQL, ElasticMQ and s3proxy costs
 * seconds on 2 cores). Fresh data each run, under target/; a short visibility timeout and a low receive
 * count so redelivery and the dead-letter queue can be watched within a test. Tests use fresh random ids
 * and purge the queues they read. Stopped by a shutdown hook when the test JVM exits.
 */
final class SharedCloud {
    static final int MAX_RECEIVE_COUNT = 3;
    static final Duration VISIBILITY = Duration.ofSeconds(1);

    private static LocalCloud cloud;

    private SharedCloud() {}

    static synchronized LocalCloud get() {
        if (cloud == null) {
            Path home = Path.of("target", "it-cloud-" + ProcessHandle.current().pid());
            LocalCloud started = LocalCloud.at(
                    home,
                    LocalCloud.Settings.defaults()
                            .withQueue(MAX_RECEIVE_COUNT, VISIBILITY)
                            .withDurableCommits(false));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-cloud-stop"));
            cloud = started;
        }
        return cloud;
    }
}
