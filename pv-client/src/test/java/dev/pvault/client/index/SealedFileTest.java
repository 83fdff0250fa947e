package dev.pvault.client.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SealedFileTest {
    @TempDir
    Path dir;

    private final IndexKey key = IndexFixtures.key(1);

    private byte[] plaintext(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(IndexCipher.class)
    void roundTrip_wholeAndChunkByChunk_atChunkBoundaries(IndexCipher cipher) {
        for (int length : new int[] {0, 1, 99, 100, 101, 1000}) {
            Path file = dir.resolve(cipher + "-" + length);
            byte[] plain = plaintext(length);
            SealedFile.write(file, file.getFileName().toString(), key, cipher, 100, plain);
            assertThat(SealedFile.readAll(file, file.getFileName().toString(), key))
                    .isEqualTo(plain);
            try (SealedFile.Reader reader =
                    SealedFile.open(file, file.getFileName().toString(), key)) {
                assertThat(reader.chunkCount()).isEqualTo(Math.max(1, (length + 99) / 100));
                for (int i = 0; i < reader.chunkCount(); i++) {
                    assertThat(reader.chunk(i))
                            .isEqualTo(Arrays.copyOfRange(plain, i * 100, Math.min(length, i * 100 + 100)));
                }
            }
        }
    }

    @Test
    void open_rejectsAnyFlippedByteAnotherNameAnotherKeyAndTruncation() throws IOException {
        Path file = dir.resolve("f");
        SealedFile.write(file, "f", key, IndexCipher.CHACHA20_POLY1305, 64, plaintext(300));
        byte[] sealed = Files.readAllBytes(file);
        for (int at = 0; at < sealed.length; at += 7) {
            byte[] damaged = sealed.clone();
            damaged[at] ^= 0x20;
            Files.write(file, damaged);
            assertThatThrownBy(() -> SealedFile.readAll(file, "f", key))
                    .as("byte %d flipped", at)
                    .isInstanceOf(IndexDamagedException.class);
        }
        Files.write(file, sealed);
        assertThatThrownBy(() -> SealedFile.readAll(file, "g", key)).isInstanceOf(IndexDamagedException.class);
        assertThatThrownBy(() -> SealedFile.readAll(file, "f", IndexFixtures.key(2)))
                .isInstanceOf(IndexDamagedException.class);
        Files.write(file, Arrays.copyOf(sealed, sealed.length - 80));
        assertThatThrownBy(() -> SealedFile.readAll(file, "f", key))
                .isInstanceOf(IndexDamagedException.class)
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> SealedFile.readAll(dir.resolve("none"), "none", key))
                .isInstanceOf(IndexDamagedException.class)
                .hasMessageContaining("missing");
    }
}
