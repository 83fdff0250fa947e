package dev.pvault.bench;

/** Process settings every benchmark needs before a model loads. */
final class BenchSetup {
    private BenchSetup() {}

    /**
     * LangChain4j loads DJL's tokenizer, which sends telemetry from EC2 unless told not to; OnnxEmbedders opts
     * out itself, but LangChain4j may load first.
     */
    static void optOutOfTelemetry() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }
}
