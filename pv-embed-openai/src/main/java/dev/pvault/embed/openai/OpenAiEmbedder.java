package dev.pvault.embed.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.pvault.core.Lazy;
import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.worker.PoisonJobException;
import dev.pvault.core.worker.RetryableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds with an OpenAI model over the official SDK: the opt-in engine, for which every text embedded leaves
 * the worker for OpenAI (or the server {@code OPENAI_BASE_URL} names). Made by {@link OpenAiEmbedders}.
 *
 * <p>Design. One {@link #embed} call of any size is packed into the fewest requests the API allows ({@link
 * RequestPacker}: 2,048 texts, 300,000 cl100k_base tokens each; a text over 8,191 tokens is cut and counted,
 * {@link Inputs}), sent one after another, and placed by the answers' indices. This class owns the retry loop
 * (the SDK's own is off: it would wait past a job's deadline): 429, 5xx, timeouts and answers that do not parse
 * or fit are tried again after exponential backoff with full jitter, or after the wait the answer's headers ask
 * for ({@link RetryHints}) when that is longer, until the try budget is spent or the next try could not finish
 * before the deadline; then {@link RetryableException}, and the job goes back to its queue whole (vectors
 * already received for it are dropped, not stored half). A 400 is the API refusing the input itself: {@link
 * PoisonJobException} naming the error's type. Other refusals (401, 403, 404, quota spent) are the operator's
 * to fix and no try of this call can mend them: {@link RetryableException} at once.
 *
 * <p>Privacy: no text, key or vector reaches a log line or an exception message here; SDK exceptions are never
 * attached as causes (their messages quote the answer's body). The API key is read on the first request, never
 * at construction (a SnapStart snapshot must not hold it), and the jitter's random source is made then too, so
 * that restored clones of one snapshot do not back off in step.
 *
 * <p>Thread-safe: the SDK client is; each call keeps its own state.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEmbedder.class);

    private final OpenAiModel model;
    private final OpenAiSettings settings;
    private final TokenLimits limits;
    private final Inputs inputs;
    private final Lazy<String> apiKey;
    private final Lazy<OpenAIClient> client;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Lazy<RandomGenerator> random;

    OpenAiEmbedder(
            OpenAiModel model,
            OpenAiSettings settings,
            TokenLimits limits,
            Supplier<String> apiKey,
            InstantSource clock,
            Sleeper sleeper,
            Supplier<RandomGenerator> random) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = new Lazy<>(random);
        this.inputs = new Inputs(limits);
        this.apiKey = new Lazy<>(() -> {
            String key = apiKey.get();
            if (key == null || key.isBlank()) {
                throw new UserException("the OpenAI API key is empty");
            }
            return key.strip();
        });
        // Built on first use: the SDK asks its credential for the key when the client is built.
        this.client = new Lazy<>(() -> {
            OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                    .apiKey(this.apiKey.get())
                    .maxRetries(0)
                    .responseValidation(true)
                    .timeout(timeout(settings.requestTimeout()));
            settings.baseUrl().ifPresent(url -> builder.baseUrl(url.toString()));
            return builder.build();
        });
    }

    static Supplier<RandomGenerator> secureRandom() {
        return SecureRandom::new;
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public int dimension() {
        return model.dimensions();
    }

    @Override
    public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
        return embed(texts, purpose, clock.instant().plus(settings.budgetWithoutDeadline()));
    }

    /** OpenAI's models embed queries and passages alike: {@code purpose} changes nothing. */
    @Override
    public Embeddings embed(List<String> texts, EmbeddingPurpose purpose, Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (texts.isEmpty()) {
            return new Embeddings(modelId(), dimension(), List.of());
        }
        List<Inputs.Input> prepared = inputs.prepare(texts);
        List<RequestPacker.Request> requests = RequestPacker.pack(prepared, limits);
        float[][] vectors = new float[texts.size()][];
        long tokens = 0;
        for (int r = 0; r < requests.size(); r++) {
            RequestPacker.Request request = requests.get(r);
            Answers.Answer answer = send(request, prepared, deadline, r + 1, requests.size());
            List<Integer> indices = request.indices();
            for (int i = 0; i < indices.size(); i++) {
                vectors[indices.get(i)] = answer.vectors()[i];
            }
            tokens += answer.promptTokens().orElse(request.tokens());
        }
        int truncated = (int) prepared.stream().filter(Inputs.Input::truncated).count();
        return new Embeddings(modelId(), dimension(), Arrays.asList(vectors), tokens, truncated);
    }

    /** One failed try that another may mend, with the wait its answer asked for. */
    private record Failure(String what, Optional<Duration> hint) {}

    private Answers.Answer send(
            RequestPacker.Request request, List<Inputs.Input> prepared, Instant deadline, int number, int of) {
        EmbeddingCreateParams params = params(request, prepared);
        String which = "request " + number + " of " + of + " ("
                + request.indices().size() + " inputs, " + request.tokens() + " tokens)";
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(settings.minimumRequestTime()) < 0) {
                throw new RetryableException("OpenAI embeddings " + which + ": " + left.toMillis()
                        + " ms left before the job's deadline, not enough for a try");
            }
            Duration timeout = min(settings.requestTimeout(), left);
            Failure failure;
            try {
                // The first use reads the key; its source's errors are its own (and never hold the key).
                OpenAIClient api = client.get();
                return Answers.read(
                        api.embeddings()
                                .create(
                                        params,
                                        RequestOptions.builder()
                                                .timeout(timeout(timeout))
                                                .build()),
                        request.indices().size(),
                        model.dimensions());
            } catch (BadRequestException e) {
                throw new PoisonJobException("OpenAI refused the input of " + which + ": HTTP 400 "
                        + e.type().orElse("(no type)"));
            } catch (RateLimitException e) {
                if (e.code().filter("insufficient_quota"::equals).isPresent()
                        || e.type().filter("insufficient_quota"::equals).isPresent()) {
                    throw new RetryableException("OpenAI embeddings " + which
                            + ": HTTP 429 insufficient_quota (the account's quota is spent; no wait mends it)");
                }
                failure = new Failure("HTTP 429 " + e.type().orElse(""), hint(e));
            } catch (InternalServerException e) {
                failure = new Failure("HTTP " + e.statusCode(), hint(e));
            } catch (UnexpectedStatusCodeException e) {
                int status = e.statusCode();
                if (status < 500 && status != 408 && status != 409) {
                    throw refused(which, e);
                }
                failure = new Failure("HTTP " + status, hint(e));
            } catch (OpenAIServiceException e) {
                throw refused(which, e); // 401, 403, 404, 422
            } catch (OpenAIIoException e) {
                failure = new Failure("no answer (" + causeType(e) + ")", Optional.empty());
            } catch (OpenAIException | Answers.BadAnswer e) {
                // OpenAIInvalidDataException: the body did not parse or lacks a field; BadAnswer: it does not fit.
                failure = new Failure(
                        e instanceof Answers.BadAnswer
                                ? e.getMessage()
                                : "unreadable answer (" + e.getClass().getSimpleName() + ")",
                        Optional.empty());
            }
            if (attempt >= settings.maxAttempts()) {
                throw new RetryableException(
                        "OpenAI embeddings " + which + ": " + failure.what() + ", " + attempt + " tries, giving up");
            }
            Duration wait = backoff(attempt, failure.hint());
            Instant resume = clock.instant().plus(wait);
            if (resume.plus(settings.minimumRequestTime()).isAfter(deadline)) {
                throw new RetryableException("OpenAI embeddings " + which + ": " + failure.what() + " after " + attempt
                        + " tries; the next, in " + wait.toMillis() + " ms, would pass the job's deadline");
            }
            LOG.info(
                    "OpenAI embeddings {}: {}, try {} of {}; next in {} ms",
                    which,
                    failure.what(),
                    attempt,
                    settings.maxAttempts(),
                    wait.toMillis());
            pause(wait, which);
        }
    }

    private EmbeddingCreateParams params(RequestPacker.Request request, List<Inputs.Input> prepared) {
        List<String> texts = new ArrayList<>(request.indices().size());
        for (int index : request.indices()) {
            texts.add(prepared.get(index).text());
        }
        EmbeddingCreateParams.Builder builder = EmbeddingCreateParams.builder()
                .model(model.name())
                .inputOfArrayOfStrings(texts)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64);
        if (model.shortened()) {
            builder.dimensions(model.dimensions());
        }
        return builder.build();
    }

    /** Full jitter (a uniform draw below a doubling ceiling), or the server's wait when that is longer. */
    private Duration backoff(int attempt, Optional<Duration> hint) {
        long base = settings.backoffBase().toMillis();
        long ceiling = Math.min(settings.backoffCap().toMillis(), base << Math.min(attempt - 1, 30));
        Duration jitter = Duration.ofMillis(random.get().nextLong(ceiling + 1));
        return hint.filter(h -> h.compareTo(jitter) > 0).orElse(jitter);
    }

    private Optional<Duration> hint(OpenAIServiceException e) {
        return RetryHints.wait(name -> e.headers().values(name), clock.instant());
    }

    private void pause(Duration wait, String which) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("OpenAI embeddings " + which + ": interrupted while backing off");
        }
    }

    private static RetryableException refused(String which, OpenAIServiceException e) {
        return new RetryableException("OpenAI embeddings " + which + ": HTTP " + e.statusCode() + " "
                + e.type().orElse("") + " (check the API key, its permissions and the model)");
    }

    private static String causeType(Throwable e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getClass().getSimpleName();
    }

    private Timeout timeout(Duration request) {
        return Timeout.builder()
                .connect(min(settings.connectTimeout(), request))
                .read(request)
                .write(request)
                .request(request)
                .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        OpenAIClient made = client.peek();
        if (made != null) {
            made.close();
        }
    }

    @Override
    public String toString() {
        return "OpenAiEmbedder[" + modelId() + ", "
                + settings.baseUrl().map(Object::toString).orElse("api.openai.com") + "]";
    }
}
