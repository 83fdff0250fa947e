package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PoolingTest {
    // Two rows padded to 3 tokens, dimension 2: row 0 has 3 real tokens, row 1 has 1 real token and 2 pads.
    private static final float[] HIDDEN = {
        1, 2, 3, 4, 5, 6, //
        10, 20, 99, 99, -99, -99,
    };

    @Test
    void mean_averagesOnlyTheTextsOwnTokens() {
        float[] row0 = new float[2];
        float[] row1 = new float[2];

        Pooling.MEAN.pool(FloatBuffer.wrap(HIDDEN), 0, 3, 3, 2, row0);
        Pooling.MEAN.pool(FloatBuffer.wrap(HIDDEN), 1, 3, 1, 2, row1);

        assertThat(row0).containsExactly(3f, 4f);
        assertThat(row1).containsExactly(10f, 20f);
    }

    @Test
    void cls_takesTheFirstToken() {
        float[] out = new float[2];

        Pooling.CLS.pool(FloatBuffer.wrap(HIDDEN), 1, 3, 1, 2, out);

        assertThat(out).containsExactly(10f, 20f);
    }

    @Test
    void normalize_scalesToUnitLength() {
        float[] vector = {3, 4};

        Pooling.normalize(vector);

        assertThat(vector[0]).isCloseTo(0.6f, within(1e-7f));
        assertThat(vector[1]).isCloseTo(0.8f, within(1e-7f));
    }

    @Test
    void normalize_leavesAZeroVectorZero() {
        float[] vector = new float[4];

        Pooling.normalize(vector);

        assertThat(vector).containsOnly(0f);
    }

    @Test
    void fromConfigName_knowsMeanAndCls() {
        assertThat(Pooling.fromConfigName("mean")).isEqualTo(Pooling.MEAN);
        assertThat(Pooling.fromConfigName("cls")).isEqualTo(Pooling.CLS);
        assertThatThrownBy(() -> Pooling.fromConfigName("max")).hasMessageContaining("'max'");
    }
}
