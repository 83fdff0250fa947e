package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.EnvelopeException;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.worker.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedKeySourceTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void keyring_isLoadedOnFirstUseAndCached() throws Exception {
        Path file = dir.resolve("keys.json");
        CachedKeySource source = CachedKeySource.fromFile(file, clock, Duration.ofMinutes(1));
        WorkerKeyring keyring = WorkerKeyring.generate();
        Files.writeString(file, keyring.toJson()); // written after construction: nothing was read then

        WorkerKeyring loaded = source.keyring();
        Files.writeString(file, WorkerKeyring.generate().toJson());

        assertThat(loaded.current().keyId()).isEqualTo(keyring.current().keyId());
        assertThat(source.keyring()).isSameAs(loaded);
    }

    @Test
    void reload_picksUpARolledKeyringAtMostOncePerInterval() throws Exception {
        Path file = dir.resolve("keys.json");
        WorkerKeyring keyring = WorkerKeyring.generate();
        Files.writeString(file, keyring.toJson());
        CachedKeySource source = CachedKeySource.fromFile(file, clock, Duration.ofMinutes(1));
        source.keyring();
        WorkerKeyring rolled = keyring.withNewCurrentKey();
        Files.writeString(file, rolled.toJson());

        assertThat(source.reload()).isFalse(); // too soon
        clock.advance(Duration.ofMinutes(2));
        assertThat(source.reload()).isTrue();
        assertThat(source.keyring().current().keyId())
                .isEqualTo(rolled.current().keyId());
    }

    @Test
    void aMisconfiguredSecret_isNotAnEnvelopeFailure() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "kP3x9placeholder0generated0by0cfn");
        CachedKeySource source = CachedKeySource.fromFile(file, clock, Duration.ofMinutes(1));

        assertThatThrownBy(source::keyring)
                .isInstanceOf(VaultException.class)
                .isNotInstanceOf(EnvelopeException.class)
                .hasMessageContaining("not a pvault-worker-keys document")
                .hasMessageNotContaining("kP3x9");
    }
}
