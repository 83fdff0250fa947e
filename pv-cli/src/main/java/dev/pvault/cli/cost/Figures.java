package dev.pvault.cli.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.InternalException;
import java.io.IOException;
import java.io.InputStream;

/**
 * This build's measured figures ({@code measured-figures.json} beside this class, written by {@code
 * scripts/measure-cost-figures.sh}, which says the commands it ran): what the bill scales from. Nothing here is
 * typed by hand.
 *
 * @param measuredOn the day of the run
 * @param cores the measuring machine's cores
 * @param coreSecondsPerMessage worker CPU per message, all of the job's path (fetch, open, embed, seal, store):
 *     the CPU time of the {@code bench pipeline} process over its messages (getrusage: a busy machine stretches it
 *     far less than wall time); an upper bound, since the client's parsing and sealing and the loopback S3 and
 *     SQS servers ran in that process too. Without it, wall time × the cores its workers used.
 * @param messagesPerJob messages per job in that run (the client's batch size)
 * @param coldStartSeconds {@code bench embed --messages 1}: the CPU time of that whole process (start, model,
 *     first vector, exit), which a busy machine stretches less than its wall time; without it, the wall time
 *     from process start to the first vector
 * @param cl100kTokensPerMessage tokens of the bench corpus per message, in cl100k_base (what OpenAI bills)
 * @param sealedBatchBytesPerMessage S3 bytes per message (a sealed batch of the corpus, divided by its messages)
 * @param sealedVectorBytes bytes of one sealed vector of the default model (a row, and what a client downloads)
 * @param utf8BytesPerMessage text bytes per message (what an OpenAI request carries)
 */
public record Figures(
        String measuredOn,
        String command,
        int cores,
        double coreSecondsPerMessage,
        double messagesPerJob,
        double coldStartSeconds,
        double cl100kTokensPerMessage,
        double sealedBatchBytesPerMessage,
        double sealedVectorBytes,
        double utf8BytesPerMessage) {

    public static Figures bundled() {
        try (InputStream in = Figures.class.getResourceAsStream("measured-figures.json")) {
            if (in == null) {
                throw new InternalException("measured-figures.json is missing from the build");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new InternalException(
                    "measured-figures.json does not parse (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** From the raw outputs the script stores: {@code pipeline}, {@code cold_start}, {@code corpus}, {@code machine}. */
    static Figures parse(JsonNode json) {
        JsonNode pipeline = json.path("pipeline");
        JsonNode corpus = json.path("corpus");
        int cores = json.path("machine").path("cores").asInt();
        double messages = pipeline.path("messages").asDouble();
        int workers = pipeline.path("workers").asInt();
        double seconds = pipeline.path("seconds_to_searchable").asDouble();
        if (messages <= 0 || seconds <= 0 || cores <= 0 || workers <= 0) {
            throw new InternalException("measured-figures.json lacks the pipeline run or the machine");
        }
        double corpusMessages = corpus.path("messages").asDouble();
        return new Figures(
                json.path("measured_on").asText(),
                json.path("command").asText(),
                cores,
                json.path("pipeline_process").has("cpu_seconds")
                        ? json.path("pipeline_process").path("cpu_seconds").asDouble() / messages
                        : seconds * Math.min(cores, workers) / messages,
                messages / pipeline.path("jobs").asDouble(),
                json.path("cold_start_process").has("cpu_seconds")
                        ? json.path("cold_start_process").path("cpu_seconds").asDouble()
                        : json.path("cold_start").path("cold_start_ms").asDouble() / 1000,
                corpus.path("cl100k_tokens").asDouble() / corpusMessages,
                corpus.path("sealed_batch_bytes").asDouble() / corpusMessages,
                corpus.path("sealed_vector_bytes").asDouble(),
                corpus.path("utf8_bytes").asDouble() / corpusMessages);
    }

    /** Seconds of a cold start on Lambda: its CPU time over {@code deployment}'s CPU share. */
    public double lambdaColdStartSeconds(Deployment deployment) {
        return coldStartSeconds / deployment.vcpus();
    }

    /** Seconds of Lambda duration per message at {@code deployment}'s CPU share (one vCPU = one core measured). */
    public double lambdaSecondsPerMessage(Deployment deployment) {
        return coreSecondsPerMessage / deployment.vcpus();
    }
}
