package dev.pvault.embed.openai;

import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Opens OpenAI embedders from their spec ({@code openai:text-embedding-3-small}, {@code
 * openai:text-embedding-3-large@1024}; see {@link OpenAiModel}). Nothing is read or sent when an embedder is
 * opened: the API key is read on its first request.
 *
 * <ul>
 *   <li>Locally: {@link #open(String, Map)}, the key from {@code OPENAI_API_KEY}.
 *   <li>Elsewhere (the Lambda function, the key in Secrets Manager): {@link #open(String, Map, Supplier)} with
 *       the key's source; it is asked once, on first use, and again only after it failed.
 * </ul>
 *
 * Both take the base URL from {@code OPENAI_BASE_URL} when it is set, so an OpenAI-compatible server works.
 */
public final class OpenAiEmbedders {
    private OpenAiEmbedders() {}

    /** Whether {@code spec} names an OpenAI embedder. */
    public static boolean accepts(String spec) {
        return OpenAiModel.accepts(spec);
    }

    /** The embedder {@code spec} names, with the key from {@code OPENAI_API_KEY} in {@code env}. */
    public static Embedder open(String spec, Map<String, String> env) {
        return open(spec, env, () -> {
            String key = env.get("OPENAI_API_KEY");
            if (key == null || key.isBlank()) {
                throw new UserException("OPENAI_API_KEY is not set: the embedder " + spec
                        + " sends message texts to OpenAI and needs an API key");
            }
            return key;
        });
    }

    /** The embedder {@code spec} names, with the API key from {@code apiKey}, asked on first use. */
    public static Embedder open(String spec, Map<String, String> env, Supplier<String> apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        refuseBodyLogging(env);
        return new OpenAiEmbedder(
                OpenAiModel.parse(spec),
                OpenAiSettings.fromEnvironment(env),
                TokenLimits.OPENAI,
                apiKey,
                InstantSource.system(),
                Sleeper.REAL,
                OpenAiEmbedder.secureRandom());
    }

    /**
     * The SDK reads {@code OPENAI_LOG} itself: at {@code debug} it logs every request body, that is every message
     * text sent (it redacts only the Authorization header). Refused rather than obeyed.
     */
    static void refuseBodyLogging(Map<String, String> env) {
        String level = env.get("OPENAI_LOG");
        if (level != null && level.strip().toLowerCase(Locale.ROOT).equals("debug")) {
            throw new UserException("OPENAI_LOG=debug would make the OpenAI SDK log every message text it sends:"
                    + " unset it (OPENAI_LOG=info logs requests without their bodies)");
        }
    }
}
