package dev.pvault.core.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GenTest {
    /** A sample of every kind of draw, so that any change of order or algorithm shows. */
    private static List<Object> sample(Gen gen) {
        return List.of(
                gen.between(-5, 5),
                gen.between(0L, 40L * 86_400),
                gen.between(0.0, 1.0),
                gen.bool(),
                gen.anyFiniteFloat(),
                gen.of("a", "b", "c"),
                gen.weighted(3, 5, 2),
                gen.list(0, 12, () -> gen.between(1, 512)),
                gen.string(0, 300, Character.MIN_VALUE, Character.MAX_VALUE),
                gen.string(1, 20, "abc €😀\n"));
    }

    @Test
    void sameSeed_drawsTheSameValues_otherSeedsOthers() {
        assertThat(IntStream.range(0, 50).mapToObj(i -> sample(new Gen(i))))
                .isEqualTo(
                        IntStream.range(0, 50).mapToObj(i -> sample(new Gen(i))).toList());
        assertThat(sample(new Gen(1))).isNotEqualTo(sample(new Gen(2)));
    }

    @Test
    void draws_stayInTheirRanges_andReachTheirEnds() {
        Gen gen = new Gen(7);
        Set<Integer> ints = new HashSet<>();
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            ints.add(gen.between(3, 9));
            sizes.add(gen.list(2, 6, () -> 'x').size());
            assertThat(gen.between(1, Integer.MAX_VALUE)).isPositive();
            assertThat(gen.between(0.25, 0.5)).isBetween(0.25, 0.5);
            assertThat(gen.anyFiniteFloat()).matches(Float::isFinite);
            String hebrewOrArabic = gen.string(0, 5, '\u0590', '\u06FF');
            assertThat(hebrewOrArabic).hasSizeLessThanOrEqualTo(5);
            assertThat(hebrewOrArabic.chars()).allMatch(c -> c >= '\u0590' && c <= '\u06FF');
        }
        assertThat(ints).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8, 9);
        assertThat(sizes).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
    }

    @Test
    void edges_comeUpOftenEnough() {
        Gen gen = new Gen(11);
        long maxima = IntStream.range(0, 10_000)
                .filter(i -> gen.between(0, Integer.MAX_VALUE) == Integer.MAX_VALUE)
                .count();
        long empty = IntStream.range(0, 10_000)
                .filter(i -> gen.string(0, 2_000, "ab").isEmpty())
                .count();
        // One draw in 16 is an edge, a third of those the maximum: about 208 of 10,000.
        assertThat(maxima).isBetween(120L, 320L);
        assertThat(empty).isBetween(250L, 700L);
    }

    @Test
    void weighted_drawsInProportion() {
        Gen gen = new Gen(3);
        int[] counts = new int[3];
        for (int i = 0; i < 10_000; i++) {
            counts[gen.weighted(8, 1, 1)]++;
        }
        assertThat(counts[0]).isBetween(7_700, 8_300);
        assertThat(counts[1]).isBetween(850, 1_150);
    }

    @Test
    void until_failsLoudlyOnAFilterThatRejectsEverything() {
        Gen gen = new Gen(5);
        assertThat(gen.until(() -> gen.between(0, 100), n -> n % 2 == 0) % 2).isZero();
        assertThatThrownBy(() -> gen.until(gen::bool, b -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10000 draws");
    }

    @Test
    void seeds_areFreshPerRun_orTheOneReplayed() {
        long[] first = PropertyCases.seeds(1000, Optional.empty()).toArray();
        long[] second = PropertyCases.seeds(1000, Optional.empty()).toArray();

        assertThat(first).hasSize(1000).doesNotHaveDuplicates();
        assertThat(LongStream.of(first)).allMatch(seed -> seed >= 0);
        assertThat(first).isNotEqualTo(second);
        assertThat(PropertyCases.seeds(1000, Optional.of(" 123456789 ")).toArray())
                .containsExactly(123456789L);
        assertThatThrownBy(() -> PropertyCases.seeds(0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replayHint_namesTheSeedAndTheFlags() throws NoSuchMethodException {
        assertThat(PropertyCases.replayHint(
                        GenTest.class, GenTest.class.getDeclaredMethod("sample", Gen.class), new Gen(42), 7, 1000))
                .isEqualTo("property GenTest.sample failed for seed=42 (case 7 of 1000); replay this case alone with"
                        + " -Dtest=GenTest#sample -Dpv.seed=42");
    }
}
