package dev.pvault.core.crypto;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.pvault.core.UserException;
import java.nio.CharBuffer;
import java.util.List;
import java.util.Locale;

/*
 * Why 10^10 guesses.
 *
 * The key file is what an attacker copies (a backup, a synced folder, a stolen disk) and then attacks
 * offline at the Argon2id cost it records. At 64 MiB x 3 passes each guess moves about 400 MB through
 * memory; a GPU with 1 TB/s of bandwidth tries at most a few thousand per second (an estimate from the
 * memory traffic, not a measurement). zxcvbn's score 4 means at least 10^10 guesses by its estimate of
 * how people pick passphrases: more than a month of such a GPU, where its score 3 (10^8) is hours. A
 * passphrase of four random common words passes; a dictionary word with digits does not.
 */
/**
 * A passphrase strength check (zxcvbn, Dropbox's estimator, ported by Nulab) for new key files: {@link
 * #requireStrong} refuses a passphrase that zxcvbn expects to fall in fewer than 10^10 guesses, with one line
 * that says why and what to do. Opening an existing file never checks: its passphrase was chosen already.
 */
public final class PassphraseStrength {
    /** zxcvbn's top score: at least 10^10 guesses. */
    public static final int MIN_SCORE = 4;

    private static final Zxcvbn ZXCVBN = new Zxcvbn();

    private PassphraseStrength() {}

    /**
     * zxcvbn's estimate for {@code passphrase}.
     *
     * @param score 0 (too guessable) to 4 (at least 10^10 guesses)
     * @param guessesLog10 the estimated guesses, as a power of ten
     * @param warning zxcvbn's warning, empty when it has none
     * @param suggestion zxcvbn's first suggestion, empty when it has none
     */
    public record Estimate(int score, double guessesLog10, String warning, String suggestion) {
        public boolean strong() {
            return score >= MIN_SCORE;
        }
    }

    /**
     * Estimates {@code passphrase}; {@code context} lists words an attacker would try first (the user's
     * name, the vault's name). The passphrase is read in place; zxcvbn's own copies are wiped after, best
     * effort (it builds strings that only the collector reclaims).
     */
    public static Estimate estimate(char[] passphrase, List<String> context) {
        Strength strength = ZXCVBN.measure(CharBuffer.wrap(passphrase), List.copyOf(context));
        try {
            String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
            List<String> suggestions = strength.getFeedback().getSuggestions(Locale.ENGLISH);
            return new Estimate(
                    strength.getScore(),
                    strength.getGuessesLog10(),
                    warning == null ? "" : warning,
                    suggestions.isEmpty() ? "" : suggestions.getFirst());
        } finally {
            strength.wipe();
        }
    }

    /**
     * Refuses a weak passphrase with a {@link UserException} of one line (exit 1 in the CLI), for example
     * "passphrase too weak: about 10^6 guesses, at least 10^10 needed. This is similar to a commonly used
     * password. Add another word or two. Uncommon words are better."
     */
    public static void requireStrong(char[] passphrase, List<String> context) {
        if (passphrase == null || passphrase.length == 0) {
            throw new UserException("the passphrase is empty");
        }
        Estimate estimate = estimate(passphrase, context);
        if (!estimate.strong()) {
            String advice = (estimate.warning() + " " + estimate.suggestion()).trim();
            throw new UserException(String.format(
                    Locale.ROOT,
                    "passphrase too weak: about 10^%d guesses, at least 10^10 needed.%s",
                    (int) Math.floor(estimate.guessesLog10()),
                    advice.isEmpty() ? " Use four or more random words." : " " + advice));
        }
    }
}
