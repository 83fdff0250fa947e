package dev.pvault.embed.openai;

import dev.pvault.core.UserException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedder talks to the API: where, how long it waits, how it backs off.
 *
 * @param baseUrl the API's base URL ({@code OPENAI_BASE_URL}; an OpenAI-compatible server), else OpenAI's
 * @param requestTimeout the longest one request may take, from connect to the last byte (shortened to the
 *     deadline); a hung server costs at most this per try
 * @param connectTimeout the longest a connection may take to open
 * @param maxAttempts tries per request, the first included, for answers worth another try (429, 5xx, timeouts,
 *     answers that do not parse or do not fit the request); the job's deadline may stop it sooner
 * @param backoffBase the first backoff ceiling; it doubles with each try (full jitter: a uniform draw below it)
 * @param backoffCap the highest backoff ceiling; a wait the server asks for may be longer, up to the deadline
 * @param minimumRequestTime no request is started with less time than this before the deadline
 * @param budgetWithoutDeadline the deadline of a call that names none (a search query)
 */
public record OpenAiSettings(
        Optional<URI> baseUrl,
        Duration requestTimeout,
        Duration connectTimeout,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffCap,
        Duration minimumRequestTime,
        Duration budgetWithoutDeadline) {

    public static final OpenAiSettings DEFAULTS = new OpenAiSettings(
            Optional.empty(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            8,
            Duration.ofMillis(500),
            Duration.ofSeconds(20),
            Duration.ofSeconds(1),
            Duration.ofMinutes(2));

    public OpenAiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        for (Duration d : new Duration[] {
            requestTimeout, connectTimeout, backoffBase, backoffCap, minimumRequestTime, budgetWithoutDeadline
        }) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be set and not negative");
            }
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The defaults, with the base URL from {@code OPENAI_BASE_URL} when it is set. */
    public static OpenAiSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("OPENAI_BASE_URL");
        if (url == null || url.isBlank()) {
            return DEFAULTS;
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(url, "no scheme or host");
            }
            return DEFAULTS.withBaseUrl(uri);
        } catch (URISyntaxException e) {
            throw new UserException("OPENAI_BASE_URL is not a URL (" + e.getReason() + ")");
        }
    }

    public OpenAiSettings withBaseUrl(URI url) {
        return new OpenAiSettings(
                Optional.of(url),
                requestTimeout,
                connectTimeout,
                maxAttempts,
                backoffBase,
                backoffCap,
                minimumRequestTime,
                budgetWithoutDeadline);
    }
}
