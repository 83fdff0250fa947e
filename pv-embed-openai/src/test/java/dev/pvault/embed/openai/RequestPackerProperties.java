package dev.pvault.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Packing over random calls (seeded, so a failure repeats): limits kept, every input once, few requests. */
class RequestPackerProperties {
    private static final TokenLimits LIMITS = TokenLimits.OPENAI;

    private static List<Inputs.Input> inputs(SplittableRandom random, int count, int maxTokens) {
        List<Inputs.Input> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Mostly short texts with a long tail, as chat messages are.
            int tokens = random.nextInt(10) == 0 ? random.nextInt(1, maxTokens + 1) : random.nextInt(1, 60);
            inputs.add(new Inputs.Input("t" + i, tokens, false));
        }
        return inputs;
    }

    private static int lowerBound(List<Inputs.Input> inputs) {
        long tokens = inputs.stream().mapToLong(Inputs.Input::tokens).sum();
        int byCount = (inputs.size() + LIMITS.inputsPerRequest() - 1) / LIMITS.inputsPerRequest();
        int byTokens = (int) ((tokens + LIMITS.tokensPerRequest() - 1) / LIMITS.tokensPerRequest());
        return Math.max(byCount, byTokens);
    }

    private static void assertValid(List<Inputs.Input> inputs, List<RequestPacker.Request> requests) {
        Set<Integer> seen = new HashSet<>();
        for (RequestPacker.Request request : requests) {
            assertThat(request.indices()).isNotEmpty().hasSizeLessThanOrEqualTo(LIMITS.inputsPerRequest());
            int tokens = 0;
            for (int index : request.indices()) {
                assertThat(seen.add(index)).as("index %d packed twice", index).isTrue();
                tokens += inputs.get(index).tokens();
            }
            assertThat(request.tokens()).isEqualTo(tokens).isLessThanOrEqualTo(LIMITS.tokensPerRequest());
        }
        assertThat(seen).hasSize(inputs.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void pack_keepsTheLimitsAndUsesAtMostElevenNinthsOfTheLowerBound(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Inputs.Input> inputs = inputs(random, random.nextInt(1, 12_000), LIMITS.tokensPerInput());

        List<RequestPacker.Request> requests = RequestPacker.pack(inputs, LIMITS);

        assertValid(inputs, requests);
        int bound = lowerBound(inputs);
        assertThat(requests.size()).isGreaterThanOrEqualTo(bound).isLessThanOrEqualTo(bound * 11 / 9 + 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void pack_whereTheCountBinds_reachesTheLowerBound(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // 2,048 inputs of at most 146 tokens hold at most 299,008 tokens: the count always binds.
        List<Inputs.Input> inputs = inputs(random, random.nextInt(1, 30_000), 146);

        List<RequestPacker.Request> requests = RequestPacker.pack(inputs, LIMITS);

        assertValid(inputs, requests);
        assertThat(requests).hasSize((inputs.size() + 2047) / 2048);
    }
}
