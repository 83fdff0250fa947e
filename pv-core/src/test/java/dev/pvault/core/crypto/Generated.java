package dev.pvault.core.crypto;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeded generators for the property tests: the seeds come from {@code -Dpv.seed=N} (default 20261202), and
 * every failure names its seed, so a failing case reruns alone with the same input. A stand-in for the
 * seeded-generator harness pv-core's tests are moving to.
 */
final class Generated {
    static final long BASE_SEED = Long.getLong("pv.seed", 20_261_202L);
    private static final String[] ODD = {
        "", " ", "\n\n", "\u0000", "👍", "👩‍👩‍👧‍👦🏳️‍🌈", "\u200E\u200Fok", "\uD83D", "\uDE00x", "<Media omitted>"
    };

    private Generated() {}

    /** {@code count} seeds derived from the base seed, one per generated case. */
    static Stream<Long> seeds(int count) {
        Random random = new Random(BASE_SEED);
        return LongStream.generate(random::nextLong).limit(count).boxed();
    }

    static String text(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ODD[random.nextInt(ODD.length)];
            case 1 -> chars(random, random.nextInt(300), 0, 0xFFFF); // any UTF-16 unit, lone surrogates too
            case 2 -> chars(random, random.nextInt(80), 0x0590, 0x06FF); // Hebrew and Arabic
            default -> {
                String alphabet = "abc €😀\n";
                StringBuilder out = new StringBuilder();
                int length = 1 + random.nextInt(2_000);
                for (int i = 0; i < length; i++) {
                    out.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                yield out.toString();
            }
        };
    }

    private static String chars(Random random, int length, int from, int to) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (from + random.nextInt(to - from + 1)));
        }
        return out.toString();
    }

    /** 0 to {@code max} messages from up to three chats, with ids under {@code keys}' message-id key. */
    static List<ChatMessage> messages(Random random, UserKeys keys, int max) {
        MessageIdAssigner assigner = new MessageIdAssigner(keys.messageIdKey());
        String[] chats = {text(random), text(random), text(random)};
        int count = random.nextInt(max + 1);
        List<ChatMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(assigner.assign(
                    chats[random.nextInt(chats.length)],
                    Messages.START.plusMinutes(random.nextInt(5_000_000)),
                    null,
                    text(random),
                    text(random),
                    random.nextBoolean() ? MessageKind.TEXT : MessageKind.MEDIA));
        }
        return messages;
    }
}
