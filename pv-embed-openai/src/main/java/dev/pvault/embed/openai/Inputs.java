package dev.pvault.embed.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts made ready to send: counted in the model's own tokens (cl100k_base, through jtokkit) and cut to the
 * per-input limit.
 *
 * <p>Truncate, not split: the vault stores one vector per message (one row per user, model and message id), so
 * the pieces of a split text would have to be pooled back into one vector, a vector the model never made and
 * whose quality nobody measured. Chat messages over 8,191 tokens (some 30,000 characters) are rare; the first
 * 8,191 tokens carry their gist, and each one cut is counted ({@link dev.pvault.core.embed.Embeddings#truncated()}),
 * never dropped.
 *
 * <p>The API refuses an empty string (HTTP 400, which would make the whole job poison), so an empty text is sent
 * as one space: it still gets a vector, like every text the engines are given.
 */
final class Inputs {
    /** One text as it will be sent. */
    record Input(String text, int tokens, boolean truncated) {
        @Override
        public String toString() {
            return "Input[" + tokens + " tokens" + (truncated ? ", truncated" : "") + "]"; // never the text
        }
    }

    /** Immutable and thread-safe; loaded once per process, on first use (about 1 s, cold). */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    private final Encoding encoding;
    private final int tokensPerInput;

    /** Loads cl100k_base if this process has not yet: at construction, so a Lambda init (and a snapshot) holds it. */
    Inputs(TokenLimits limits) {
        this.encoding = Cl100k.ENCODING;
        this.tokensPerInput = limits.tokensPerInput();
    }

    List<Input> prepare(List<String> texts) {
        List<Input> inputs = new ArrayList<>(texts.size());
        for (String text : texts) {
            inputs.add(prepare(text));
        }
        return inputs;
    }

    Input prepare(String text) {
        String sent = text.isEmpty() ? " " : text;
        // Special tokens (<|endoftext|>) are plain text in a message: count them as the API does, ordinary.
        int tokens = encoding.countTokensOrdinary(sent);
        if (tokens <= tokensPerInput) {
            return new Input(sent, tokens, false);
        }
        int limit = tokensPerInput;
        while (true) {
            EncodingResult cut = encoding.encodeOrdinary(sent, limit);
            String prefix = sent.substring(0, cut.getLastProcessedCharacterIndex() + 1);
            int counted = encoding.countTokensOrdinary(prefix);
            // A prefix re-tokenised may merge differently at its end; shrink until it fits.
            if (counted <= tokensPerInput && !prefix.isEmpty()) {
                return new Input(prefix, counted, true);
            }
            limit -= Math.max(1, counted - tokensPerInput);
        }
    }
}
