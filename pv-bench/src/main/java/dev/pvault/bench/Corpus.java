package dev.pvault.bench;

import dev.pvault.core.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The messages a benchmark embeds: one per line of a file (the shared chat-like corpus), or generated.
 *
 * @param source where the messages came from, for the report (a path, or {@code generated})
 */
public record Corpus(String source, List<String> messages) {
    /** The shared corpus beside the checkout, when the caller names none. */
    public static final String SHARED_CORPUS = "bench/corpus-10k.txt";

    public Corpus {
        messages = List.copyOf(messages);
    }

    /**
     * The first {@code count} lines of {@code file}; a file shorter than that is cycled, so the count is always
     * met.
     */
    public static Corpus fromFile(Path file, int count) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read corpus " + file + ": " + e.getMessage(), e);
        }
        lines.removeIf(String::isEmpty);
        if (lines.isEmpty()) {
            throw new UserException("corpus " + file + " has no messages");
        }
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(lines.get(i % lines.size()));
        }
        return new Corpus(file.toString(), messages);
    }

    private static final String[] TEMPLATES = {
        "are you coming to %s later?",
        "running %d mins late, the train's delayed again",
        "did you see the match last night",
        "can you pick up %s on the way home",
        "happy birthday %s!! have an amazing day",
        "I'll be there around %d",
        "%s says hi",
        "what time are we meeting at %s?",
        "sorry I missed your call, I was at %s",
        "the meeting got moved to %d o'clock",
        "has anyone seen %s? I swear I left it on the table",
        "just got home, so tired",
    };
    private static final String[] WORDS = {
        "the pub",
        "Tesco",
        "the station",
        "work",
        "the gym",
        "mum",
        "Sam",
        "Priya",
        "milk",
        "the charger",
        "my keys",
        "the tickets",
        "the park",
        "Omar",
        "Zoe",
        "coffee",
    };
    private static final String[] FILLERS = {"lol", "haha", "omg", "tbh", "ok", "yeah", "sure", "x", "nah", "wait"};
    private static final String[] EMOJI = {"😂", "❤️", "👍", "🙏", "😭", "🎉", "😅", "🔥", "👀", "🍕"};

    /**
     * {@code count} chat-like messages from a fixed seed: short templates, fillers and emoji, with a long tail of
     * multi-sentence messages. The same count always gives the same messages.
     */
    public static Corpus generated(int count) {
        SplittableRandom random = new SplittableRandom(20240611L);
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Sentences per message: mostly one, sometimes up to six (a log-normal-like tail).
            int sentences = 1 + (int) Math.floor(Math.abs(random.nextGaussian()) * 1.2);
            StringBuilder message = new StringBuilder();
            for (int s = 0; s < Math.min(sentences, 6); s++) {
                if (s > 0) {
                    message.append(random.nextInt(3) == 0 ? ". " : " ");
                }
                String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
                message.append(
                        template.contains("%d")
                                ? String.format(template, 2 + random.nextInt(58))
                                : String.format(template, WORDS[random.nextInt(WORDS.length)]));
                if (random.nextInt(4) == 0) {
                    message.append(' ').append(FILLERS[random.nextInt(FILLERS.length)]);
                }
            }
            if (random.nextInt(4) == 0) {
                message.append(' ').append(EMOJI[random.nextInt(EMOJI.length)]);
            }
            messages.add(message.toString());
        }
        return new Corpus("generated", messages);
    }
}
