package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.property.Gen;
import dev.pvault.core.property.Property;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthGroupsTest {

    @Test
    void plan_sortsLongestFirstAndPadsToTheLongestMember() {
        int[] lengths = {5, 20, 7, 20, 6};

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, 1000, 256, 0.0);

        assertThat(groups).hasSize(1);
        assertThat(groups.getFirst().members()).containsExactly(1, 3, 2, 4, 0);
        assertThat(groups.getFirst().paddedLength()).isEqualTo(20);
    }

    @Test
    void plan_cutsGroupsAtTheTokenBudget() {
        int[] lengths = new int[10];
        Arrays.fill(lengths, 10);

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, 30, 256, 0.0);

        assertThat(groups).extracting(LengthGroups.Group::size).containsExactly(3, 3, 3, 1);
    }

    @Test
    void plan_runsATextLongerThanTheBudgetAlone() {
        List<LengthGroups.Group> groups = LengthGroups.plan(new int[] {256, 3, 3}, 100, 256, 0.0);

        assertThat(groups.getFirst().members()).containsExactly(0);
        assertThat(groups.getFirst().paddedTokens()).isEqualTo(256);
        assertThat(groups.get(1).members()).containsExactly(1, 2);
    }

    @Test
    void plan_startsANewGroupWhenATextWouldBeMostlyPadding() {
        int[] lengths = {100, 90, 80, 79, 10};

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, 10_000, 256, 0.8);

        assertThat(groups).extracting(g -> g.members().length).containsExactly(3, 1, 1);
        assertThat(groups.get(1).paddedLength()).isEqualTo(79);
    }

    @Test
    void plan_capsTextsPerRun() {
        int[] lengths = new int[600];
        Arrays.fill(lengths, 2);

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, 100_000, 256, 0.0);

        assertThat(groups).extracting(LengthGroups.Group::size).containsExactly(256, 256, 88);
    }

    @Test
    void plan_rejectsTextsWithoutTokens() {
        assertThatThrownBy(() -> LengthGroups.plan(new int[] {3, 0}, 100, 10, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1");
    }

    @Property(tries = 1000)
    void plan_coversEveryTextOnceWithinBudgetAndFill(Gen gen) {
        int[] lengths = gen.list(1, 300, () -> gen.between(1, 512)).stream()
                .mapToInt(Integer::intValue)
                .toArray();
        int budget = gen.between(1, 5000);
        int maxBatch = gen.between(1, 300);
        double minFill = gen.between(0.0, 1.0);

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, budget, maxBatch, minFill);

        int[] seen = groups.stream()
                .flatMapToInt(g -> IntStream.of(g.members()))
                .sorted()
                .toArray();
        assertThat(seen).containsExactly(IntStream.range(0, lengths.length).toArray());
        for (LengthGroups.Group group : groups) {
            assertThat(group.size()).isBetween(1, maxBatch);
            if (group.size() > 1) {
                assertThat(group.paddedTokens()).isLessThanOrEqualTo(budget);
            }
            for (int member : group.members()) {
                assertThat(lengths[member]).isLessThanOrEqualTo(group.paddedLength());
                assertThat((double) lengths[member]).isGreaterThanOrEqualTo(minFill * group.paddedLength());
            }
            assertThat(IntStream.of(group.members()).map(m -> lengths[m]).max().orElseThrow())
                    .isEqualTo(group.paddedLength());
        }
    }
}
