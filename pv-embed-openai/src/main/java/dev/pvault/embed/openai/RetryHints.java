package dev.pvault.embed.openai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wait a throttled or failing answer asks for, read from its headers, most precise first:
 *
 * <ol>
 *   <li>{@code retry-after-ms}: milliseconds (OpenAI's own, possibly fractional);
 *   <li>{@code Retry-After}: seconds, or an HTTP date (RFC 9110);
 *   <li>{@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens}: when that limit resets, in Go's
 *       duration form ({@code 20ms}, {@code 1s}, {@code 6m0s}); of the limits whose {@code
 *       x-ratelimit-remaining-*} is 0 the later, or the later of both when none says it is spent.
 * </ol>
 *
 * Written here because the SDK keeps this logic inside its own retry loop, which this embedder turns off to
 * own the deadline.
 */
final class RetryHints {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private RetryHints() {}

    /**
     * @param header the values of a header by its name (any case), empty when absent
     * @param now the time an HTTP date is measured from
     */
    static Optional<Duration> wait(Function<String, List<String>> header, Instant now) {
        Optional<Duration> millis = first(header, "retry-after-ms").flatMap(RetryHints::millis);
        if (millis.isPresent()) {
            return millis;
        }
        Optional<Duration> retryAfter = first(header, "retry-after").flatMap(v -> retryAfter(v, now));
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        Optional<Duration> requests =
                first(header, "x-ratelimit-reset-requests").flatMap(RetryHints::goDuration);
        Optional<Duration> tokens = first(header, "x-ratelimit-reset-tokens").flatMap(RetryHints::goDuration);
        boolean requestsSpent = spent(header, "x-ratelimit-remaining-requests");
        boolean tokensSpent = spent(header, "x-ratelimit-remaining-tokens");
        if (requestsSpent != tokensSpent) {
            return requestsSpent ? requests : tokens;
        }
        return later(requests, tokens);
    }

    private static Optional<String> first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty()
                ? Optional.empty()
                : Optional.of(values.getFirst().strip());
    }

    private static boolean spent(Function<String, List<String>> header, String name) {
        return first(header, name).map("0"::equals).orElse(false);
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value);
            return ms >= 0 && Double.isFinite(ms) ? Optional.of(Duration.ofNanos((long) (ms * 1e6))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(String value, Instant now) {
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 && Double.isFinite(seconds)
                    ? Optional.of(Duration.ofNanos((long) (seconds * 1e9)))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Go's {@code time.Duration} text ({@code 1m30.5s}, {@code 250ms}), as OpenAI writes its reset headers. */
    static Optional<Duration> goDuration(String value) {
        String text = value.toLowerCase(Locale.ROOT);
        Matcher m = GO_DURATION.matcher(text);
        int end = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(m.group(1));
            nanos += amount
                    * switch (m.group(2)) {
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
            end = m.end();
        }
        return end == text.length() && end > 0 ? Optional.of(Duration.ofNanos((long) nanos)) : Optional.empty();
    }

    private static Optional<Duration> later(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }
}
