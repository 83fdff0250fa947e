package dev.pvault.embed.onnx;

import java.nio.file.Path;
import java.util.List;

/** Shared fixtures for tests that load the real models. */
final class TestModels {
    /** Extracted once per module build, reused by every IT. */
    static final Path CACHE = Path.of("target", "model-cache").toAbsolutePath();

    /** Fixed, so int8 results do not depend on the machine's core count. */
    static final OnnxEmbedders.Options OPTIONS =
            OnnxEmbedders.Options.defaults(CACHE).withThreads(2);

    /** Chat-like and plain sentences, each well under 128 word pieces. */
    static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "are you coming to the pub later?",
            "running 10 mins late, the train's delayed again",
            "happy birthday Zoe!! have an amazing day 🎉",
            "Can you pick up milk on the way home",
            "The quick brown fox jumps over the lazy dog.",
            "I think I left my keys at Tesco",
            "ok",
            "lol 😂😂",
            "The meeting got moved to Thursday afternoon because the client's flight from Lisbon was delayed.",
            "Mi casa es su casa",
            "Das Wetter in Berlin ist heute schön, aber morgen soll es regnen.",
            "2024-06-11 14:32 invoice #4471 paid",
            "who's up for the cinema on friday? the new one with the robots looks mad tbh",
            "Tokyo is the capital of Japan.",
            "she said she'd call back but never did, so annoying",
            "A woman is slicing an onion.",
            "Someone is cutting vegetables in the kitchen.",
            "did you see the match last night",
            "The committee postponed the vote until the budget review is complete, citing unresolved questions"
                    + " about the costs of the new library, the bus routes and the maintenance of the park.");

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    private TestModels() {}
}
