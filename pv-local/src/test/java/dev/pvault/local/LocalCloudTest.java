package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What LocalCloud promises without starting a server. */
class LocalCloudTest {
    @TempDir
    Path home;

    @Test
    void startsNothingUntilAServiceIsAskedFor() {
        try (LocalCloud cloud = LocalCloud.at(home)) {
            assertThat(cloud.running()).isEmpty();
        }
    }

    @Test
    void refusesToStartAServiceOnceClosed() {
        LocalCloud cloud = LocalCloud.at(home);
        cloud.close();

        // A background start that lost the race with close() must not leave a server nobody stops.
        assertThatThrownBy(cloud::postgres)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(cloud::sqs).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(cloud::s3).isInstanceOf(IllegalStateException.class);
        assertThat(cloud.running()).isEmpty();
    }
}
