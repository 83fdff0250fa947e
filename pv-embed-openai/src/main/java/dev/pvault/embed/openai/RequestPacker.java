package dev.pvault.embed.openai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Packs the inputs of one embed call into as few requests as the limits allow: at most {@link
 * TokenLimits#inputsPerRequest()} texts and {@link TokenLimits#tokensPerRequest()} tokens each.
 *
 * <p>First-fit decreasing: inputs by tokens, largest first, each into the first request with room for it. Where
 * the count binds (chat messages average far fewer than 300,000 / 2,048 = 146 tokens) this gives the lower bound,
 * ⌈n / 2,048⌉ requests; where tokens bind it is within 11/9 of the optimum (bin packing's classic bound) and
 * reached the lower bound ⌈tokens / 300,000⌉ in every case tested. Requests keep their inputs' indices: the
 * answers are placed by index, so the order sent does not matter.
 */
final class RequestPacker {
    private RequestPacker() {}

    /** One request: the indices (into the call's inputs) it carries, and their tokens. */
    record Request(List<Integer> indices, int tokens) {}

    static List<Request> pack(List<Inputs.Input> inputs, TokenLimits limits) {
        List<Integer> order = IntStream.range(0, inputs.size())
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> inputs.get(i).tokens())
                        .reversed()
                        .thenComparing(i -> i))
                .toList();
        List<List<Integer>> bins = new ArrayList<>();
        List<Integer> binTokens = new ArrayList<>();
        // Requests that still take inputs; full ones leave this list, so a call of many small texts stays linear.
        List<Integer> open = new ArrayList<>();
        for (int index : order) {
            int tokens = inputs.get(index).tokens();
            int chosen = -1;
            for (int b : open) {
                if (binTokens.get(b) + tokens <= limits.tokensPerRequest()) {
                    chosen = b;
                    break;
                }
            }
            if (chosen < 0) {
                chosen = bins.size();
                bins.add(new ArrayList<>());
                binTokens.add(0);
                open.add(chosen);
            }
            bins.get(chosen).add(index);
            binTokens.set(chosen, binTokens.get(chosen) + tokens);
            if (bins.get(chosen).size() == limits.inputsPerRequest()) {
                open.remove(Integer.valueOf(chosen));
            }
        }
        List<Request> requests = new ArrayList<>(bins.size());
        for (int b = 0; b < bins.size(); b++) {
            requests.add(new Request(List.copyOf(bins.get(b)), binTokens.get(b)));
        }
        return requests;
    }
}
