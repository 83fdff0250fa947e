package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
    private static final byte[] CONTENT = "model bytes".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTENT_SHA256 = ModelCache.sha256(CONTENT);

    @Test
    void copyVerified_passesMatchingBytesThrough() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ModelCache.copyVerified(new ByteArrayInputStream(CONTENT), out, CONTENT_SHA256, CONTENT.length, "m.onnx");

        assertThat(out.toByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void copyVerified_rejectsAlteredBytesWithBothDigests() {
        byte[] altered = CONTENT.clone();
        altered[0] ^= 1;

        assertThatThrownBy(() -> ModelCache.copyVerified(
                        new ByteArrayInputStream(altered),
                        new ByteArrayOutputStream(),
                        CONTENT_SHA256,
                        CONTENT.length,
                        "m.onnx"))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("m.onnx does not match its pinned checksum")
                .hasMessageContaining(CONTENT_SHA256)
                .hasMessageContaining(ModelCache.sha256(altered));
    }

    @Test
    void copyVerified_rejectsTruncatedAndOversizedFiles() {
        assertThatThrownBy(() -> ModelCache.copyVerified(
                        new ByteArrayInputStream(CONTENT, 0, 4),
                        new ByteArrayOutputStream(),
                        CONTENT_SHA256,
                        CONTENT.length,
                        "m.onnx"))
                .hasMessageContaining("got " + ModelCache.sha256(java.util.Arrays.copyOf(CONTENT, 4)) + " and 4 bytes");
        assertThatThrownBy(() -> ModelCache.copyVerified(
                        new ByteArrayInputStream(new byte[100]),
                        new ByteArrayOutputStream(),
                        CONTENT_SHA256,
                        CONTENT.length,
                        "m.onnx"))
                .hasMessageContaining("larger than the pinned " + CONTENT.length + " bytes");
    }
}
