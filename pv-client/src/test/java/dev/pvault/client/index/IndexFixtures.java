package dev.pvault.client.index;

import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded test data for the index: messages with clustered unit vectors, as embeddings of chat text look. */
final class IndexFixtures {
    static final int DIMENSION = 64;
    static final String MODEL = "test:model";
    private static final MessageIdKey IDS = MessageIdKey.of(new byte[32]);

    private IndexFixtures() {}

    static IndexKey key(int seed) {
        byte[] bytes = new byte[32];
        new SplittableRandom(seed).nextBytes(bytes);
        return IndexKey.ofBytes(bytes);
    }

    static ChatMessage message(String chat, String sender, LocalDateTime time, String text) {
        return new ChatMessage(
                IDS.idFor(chat, time, sender, text, 0), chat, sender, time, null, text, MessageKind.TEXT);
    }

    /**
     * {@code count} unit vectors around {@code clusters} random centres (spread 0.5 of the centre's length per
     * component scale), like sentence embeddings: most mass near a few topics, with a common offset.
     */
    static List<float[]> clusteredVectors(SplittableRandom random, int count, int dimension, int clusters) {
        float[] offset = gaussian(random, dimension, 0.5);
        List<float[]> centres = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            float[] centre = gaussian(random, dimension, 1);
            for (int i = 0; i < dimension; i++) {
                centre[i] += offset[i];
            }
            centres.add(centre);
        }
        List<float[]> vectors = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            float[] centre = centres.get(random.nextInt(clusters));
            float[] noise = gaussian(random, dimension, 0.6);
            for (int i = 0; i < dimension; i++) {
                noise[i] += centre[i];
            }
            vectors.add(VectorCodes.normalised(noise));
        }
        return vectors;
    }

    static float[] gaussian(SplittableRandom random, int dimension, double scale) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 21.
            double u = 1 - random.nextDouble();
            double w = random.nextDouble();
            v[i] = (float) (scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w));
        }
        return v;
    }

    /** {@code count} entries of one job: texts "message N of JOB" with the words given, times a minute apart. */
    static List<IndexEntry> entries(JobId job, String chat, String sender, int count, List<float[]> vectors, int from) {
        List<IndexEntry> entries = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 9, 0);
        for (int i = 0; i < count; i++) {
            ChatMessage message = message(
                    chat, sender, start.plusMinutes(from + i), "note number " + (from + i) + " about topic " + (i % 7));
            entries.add(new IndexEntry(job, message, vectors.get(from + i)));
        }
        return entries;
    }
}
