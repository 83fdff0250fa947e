package dev.pvault.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pvault.core.InternalException;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    @Test
    void cosine_ofParallelOrthogonalAndOppositeVectors() {
        assertThat(VectorMath.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(VectorMath.cosine(new float[] {1, 0}, new float[] {0, 5})).isZero();
        assertThat(VectorMath.cosine(new float[] {1, 1}, new float[] {-1, -1})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void cosine_ofUnnormalisedVectors() {
        assertThat(VectorMath.cosine(new float[] {1, 0}, new float[] {3, 3})).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void cosine_ignoresLength() {
        assertThat(VectorMath.cosine(new float[] {3, 4}, new float[] {0.6f, 0.8f}))
                .isCloseTo(1.0, within(1e-7));
    }

    @Test
    void cosine_withTheZeroVectorIsZero() {
        assertThat(VectorMath.cosine(new float[] {0, 0}, new float[] {1, 2})).isZero();
    }

    @Test
    void cosine_ofVectorsOfTwoDimensions_isAnInternalError() {
        assertThatThrownBy(() -> VectorMath.cosine(new float[3], new float[4]))
                .isInstanceOf(InternalException.class)
                .hasMessage("vectors differ in dimension: 3 and 4");
    }
}
