package dev.pvault.core.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A failing {@link Property}, run in a launcher of its own: what it reports, and that its seed replays it. */
class PropertyRunTest {
    /** Not run by the build itself (surefire skips nested classes); only through {@link #run}. */
    static class Fixture {
        static final Map<Long, Integer> DRAWN = new ConcurrentHashMap<>();

        @Property(tries = 37)
        void failsForEveryCase(Gen gen) {
            int drawn = gen.between(0, 1_000_000);
            DRAWN.put(gen.seed(), drawn);
            throw new AssertionError("drew " + drawn);
        }
    }

    private static TestExecutionSummary run(Map<String, String> parameters) {
        Fixture.DRAWN.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Fixture.class, "failsForEveryCase", Gen.class.getName()))
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @Test
    void aFailingCase_reportsItsSeed_andThatSeedReplaysExactlyIt() {
        TestExecutionSummary all = run(Map.of());

        assertThat(all.getTestsFailedCount()).isEqualTo(37);
        assertThat(Fixture.DRAWN).hasSize(37);
        Map<Long, Integer> firstRun = Map.copyOf(Fixture.DRAWN);
        TestExecutionSummary.Failure failure = all.getFailures().get(5);
        String report = failure.getException().getMessage();
        long seed = Long.parseLong(report.substring(report.lastIndexOf("-Dpv.seed=") + "-Dpv.seed=".length()));
        assertThat(report)
                .isEqualTo("property Fixture.failsForEveryCase failed for seed=" + seed
                        + "; replay this case alone with -Dtest=Fixture#failsForEveryCase -Dpv.seed=" + seed);
        assertThat(failure.getTestIdentifier().getDisplayName()).endsWith("seed=" + seed);
        assertThat(failure.getException().getCause()).hasMessage("drew " + firstRun.get(seed));

        TestExecutionSummary replay = run(Map.of("pv.seed", Long.toString(seed)));

        assertThat(replay.getTestsFoundCount()).isEqualTo(1);
        assertThat(replay.getFailures())
                .extracting(f -> f.getException().getCause().getMessage())
                .isEqualTo(List.of("drew " + firstRun.get(seed)));
        assertThat(Fixture.DRAWN).containsExactly(Map.entry(seed, firstRun.get(seed)));
    }
}
