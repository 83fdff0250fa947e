package dev.pvault.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryHintsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private static Optional<Duration> waitFor(Map<String, String> headers) {
        return RetryHints.wait(name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(), NOW);
    }

    @Test
    void retryAfterMs_isPreferredAndMayBeFractional() {
        assertThat(waitFor(Map.of("retry-after-ms", "1500.5", "retry-after", "9")))
                .contains(Duration.ofNanos(1_500_500_000));
    }

    @Test
    void retryAfter_inSecondsOrAsAnHttpDate() {
        assertThat(waitFor(Map.of("retry-after", "7"))).contains(Duration.ofSeconds(7));
        assertThat(waitFor(Map.of("retry-after", "Sat, 01 Mar 2025 10:00:20 GMT")))
                .contains(Duration.ofSeconds(20));
        assertThat(waitFor(Map.of("retry-after", "Sat, 01 Mar 2025 09:59:00 GMT")))
                .contains(Duration.ZERO);
        assertThat(waitFor(Map.of("retry-after", "soon"))).isEmpty();
    }

    @Test
    void rateLimitResets_theSpentOneCounts() {
        Map<String, String> tokensSpent = Map.of(
                "x-ratelimit-remaining-requests", "499",
                "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "6m0s");
        assertThat(waitFor(tokensSpent)).contains(Duration.ofMinutes(6));
        Map<String, String> neitherSaid =
                Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "250ms");
        assertThat(waitFor(neitherSaid)).contains(Duration.ofSeconds(1));
    }

    @Test
    void goDurations_asOpenAiWritesThem() {
        assertThat(RetryHints.goDuration("20ms")).contains(Duration.ofMillis(20));
        assertThat(RetryHints.goDuration("1m30.5s")).contains(Duration.ofMillis(90_500));
        assertThat(RetryHints.goDuration("1h2m")).contains(Duration.ofMinutes(62));
        assertThat(RetryHints.goDuration("0.5s")).contains(Duration.ofMillis(500));
        assertThat(RetryHints.goDuration("1 s")).isEmpty();
        assertThat(RetryHints.goDuration("")).isEmpty();
    }

    @Test
    void noHeaders_noHint() {
        assertThat(waitFor(Map.of())).isEmpty();
    }
}
