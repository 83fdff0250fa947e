package dev.pvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void spearman_matchesScipysDocumentedExample() {
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic
        double rho = Correlation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});

        assertThat(rho).isCloseTo(0.8207826816681233, within(1e-12));
    }

    @Test
    void ranks_giveTiesTheirMeanRank() {
        assertThat(Correlation.ranks(new double[] {30, 10, 20, 20})).containsExactly(4, 1, 2.5, 2.5);
    }

    @Test
    void pearson_isOneForALinearRelationAndMinusOneReversed() {
        double[] x = {1, 2, 3, 4};

        assertThat(Correlation.pearson(x, new double[] {3, 5, 7, 9})).isCloseTo(1.0, within(1e-12));
        assertThat(Correlation.pearson(x, new double[] {4, 3, 2, 1})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void correlation_needsTwoEqualSeries() {
        assertThatThrownBy(() -> Correlation.pearson(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Correlation.spearman(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
