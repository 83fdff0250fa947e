package dev.pvault.embed.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import dev.pvault.core.UserException;
import dev.pvault.core.model.Texts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model's own Hugging Face tokenizer (through DJL), truncating at the model's maximum and never padding.
 *
 * <p>Each text is encoded once and only its token ids are read back: three JNI calls per text instead of the
 * nine that {@code HuggingFaceTokenizer.encode} makes to build tokens, offsets and masks that pooling does not
 * need (10,000 chat messages: 0.68-0.87 s instead of 1.02-1.17 s, a one-off probe in docs/EMBEDDING.md). Texts
 * are encoded one by one on the calling thread: DJL's batch call runs Rust's own thread pool and measured no
 * faster here, and the embedder keeps one pool.
 */
final class TextTokenizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextTokenizer.class);

    /**
     * Characters kept before tokenising. A word piece spans at most 100 characters before the tokenizer gives up
     * on the word ([UNK]), so 128 characters per token leaves the first {@code maxTokens} tokens of any text
     * intact, and a multi-megabyte message costs no more than this.
     */
    static final int CHARS_PER_TOKEN = 128;

    private final HuggingFaceTokenizer tokenizer;
    private final long handle;
    private final int maxChars;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.handle = tokenizer.getHandle();
        this.maxChars = maxTokens * CHARS_PER_TOKEN;
    }

    /** Loads the tokenizer's native library (DJL loads it when its LibUtils class initialises). */
    static void loadLibrary() {
        LibUtils.checkStatus();
    }

    static TextTokenizer load(Path tokenizerJson, int maxTokens) {
        long start = System.nanoTime();
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                    tokenizerJson,
                    Map.of(
                            "addSpecialTokens", "true",
                            "truncation", "true",
                            "maxLength", Integer.toString(maxTokens),
                            "padding", "false"));
            LOG.debug(
                    "loaded tokenizer {} in {} ms",
                    tokenizerJson.getFileName(),
                    (System.nanoTime() - start) / 1_000_000);
            return new TextTokenizer(tokenizer, maxTokens);
        } catch (IOException | RuntimeException e) {
            throw new UserException(
                    "cannot load tokenizer " + tokenizerJson + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** The token ids of {@code text}, special tokens included, at most the model's maximum. */
    long[] encode(String text) {
        long encoding = TokenizersLibrary.LIB.encode(handle, prepare(text, maxChars), true);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /**
     * What the tokenizer sees: unpaired surrogates replaced by U+FFFD (which BERT's normaliser then drops, like
     * NUL and other control characters), and at most {@code maxChars} characters, cut between code points.
     */
    static String prepare(String text, int maxChars) {
        String cut = text;
        if (text.length() > maxChars) {
            int end = Character.isLowSurrogate(text.charAt(maxChars)) ? maxChars - 1 : maxChars;
            cut = text.substring(0, end);
        }
        return Texts.wellFormed(cut);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
