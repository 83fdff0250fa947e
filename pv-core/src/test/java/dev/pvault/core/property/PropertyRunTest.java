package dev.pvault.core.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@link Property} fixtures, each run in a launcher of its own: how many cases run, what a failure reports, replay. */
class PropertyRunTest {
    /** Not run by the build itself (surefire skips nested classes); only through {@link #run}. */
    static class Fixture {
        /** Each case's seed and what it drew, in the order the cases ran. */
        static final Map<Long, Integer> DRAWN = Collections.synchronizedMap(new LinkedHashMap<>());

        @Property(tries = 37)
        void passes(Gen gen) {
            DRAWN.put(gen.seed(), gen.between(0, 1_000_000));
        }

        /** Fails for every drawn multiple of 4, about one case in four: 200 cases all pass once in 10^25 runs. */
        @Property(tries = 200)
        void failsForMultiplesOfFour(Gen gen) {
            int drawn = gen.between(0, 1_000_000);
            DRAWN.put(gen.seed(), drawn);
            if (drawn % 4 == 0) {
                throw new AssertionError("drew " + drawn);
            }
        }
    }

    /** A property whose cases would share its test instance's state. */
    static class SharesState {
        static final AtomicInteger CASES = new AtomicInteger();
        private final List<Long> seen = new ArrayList<>();

        @BeforeEach
        void forget() {
            seen.clear();
        }

        @Property(tries = 3)
        void remembers(Gen gen, TestInfo test) {
            CASES.incrementAndGet();
            seen.add(gen.seed());
        }
    }

    private static TestExecutionSummary run(MethodSelector property, Map<String, String> parameters) {
        Fixture.DRAWN.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(property)
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    private static MethodSelector fixture(String property) {
        return selectMethod(Fixture.class, property, Gen.class.getName());
    }

    @Test
    void aProperty_isOneTest_thatRunsItsTries_eachCaseWithAFreshGenOfItsOwnSeed() {
        TestExecutionSummary summary = run(fixture("passes"), Map.of());

        assertThat(summary.getTestsFoundCount()).isEqualTo(1);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(Fixture.DRAWN).hasSize(37);
        Fixture.DRAWN.forEach((seed, drawn) -> assertThat(new Gen(seed).between(0, 1_000_000))
                .as("seed=%d", seed)
                .isEqualTo(drawn));
    }

    @Test
    void aFailingCase_stopsTheProperty_reportsItsSeed_andThatSeedReplaysExactlyIt() {
        TestExecutionSummary all = run(fixture("failsForMultiplesOfFour"), Map.of());

        assertThat(all.getTestsFoundCount()).isEqualTo(1);
        assertThat(all.getTestsFailedCount()).isEqualTo(1);
        List<Map.Entry<Long, Integer>> cases = List.copyOf(Fixture.DRAWN.entrySet());
        Map.Entry<Long, Integer> failing = cases.getLast();
        assertThat(cases.subList(0, cases.size() - 1)).allMatch(passed -> passed.getValue() % 4 != 0);
        assertThat(failing.getValue() % 4).isZero();
        long seed = failing.getKey();
        Throwable failure = all.getFailures().getFirst().getException();
        assertThat(failure)
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage(
                        "property Fixture.failsForMultiplesOfFour failed for seed=" + seed + " (case " + cases.size()
                                + " of 200); replay this case alone with"
                                + " -Dtest=Fixture#failsForMultiplesOfFour -Dpv.seed=" + seed)
                .cause()
                .hasMessage("drew " + failing.getValue());

        TestExecutionSummary replay = run(fixture("failsForMultiplesOfFour"), Map.of("pv.seed", Long.toString(seed)));

        assertThat(replay.getTestsFoundCount()).isEqualTo(1);
        assertThat(replay.getTestsFailedCount()).isEqualTo(1);
        assertThat(Fixture.DRAWN).containsExactly(failing);
        assertThat(replay.getFailures().getFirst().getException())
                .hasMessageContaining("seed=" + seed + " (case 1 of 1)")
                .cause()
                .hasMessage("drew " + failing.getValue());
    }

    @Test
    void aPropertyWhoseCasesWouldShareTestState_failsBeforeItsFirstCase_namingTheState() {
        SharesState.CASES.set(0);

        TestExecutionSummary summary = run(
                selectMethod(SharesState.class, "remembers", Gen.class.getName() + "," + TestInfo.class.getName()),
                Map.of());

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().getFirst().getException())
                .isExactlyInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("property SharesState.remembers runs all its cases in one test instance, and they would"
                        + " share its parameters other than one Gen, field SharesState.seen, @BeforeEach"
                        + " SharesState.forget: make shared values static constants and draw or build per-case ones"
                        + " in the property");
        assertThat(SharesState.CASES).hasValue(0);
    }
}
