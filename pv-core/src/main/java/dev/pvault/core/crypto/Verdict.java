package dev.pvault.core.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * What a check of one envelope found: {@link Accepted} with its value, or {@link Rejected} with why. The
 * client checks every batch, job result and vector row it reads and gets one of these, never an exception
 * for a row that does not verify: a rejected row is skipped and counted, never shown and never fatal.
 *
 * <pre>{@code
 * switch (verifier.openVector(sealed, id, model, result)) {
 *     case Verdict.Accepted<float[]>(float[] vector) -> score(vector);
 *     case Verdict.Rejected<float[]> rejected -> skipped.add(rejected.reason());
 * }
 * }</pre>
 */
public sealed interface Verdict<T> {

    /** The value, when accepted. */
    Optional<T> accepted();

    record Accepted<T>(T value) implements Verdict<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<T> accepted() {
            return Optional.of(value);
        }
    }

    /**
     * @param reason what kind of failure, for counting
     * @param detail what failed, with ids, sizes and versions, never content
     */
    record Rejected<T>(Reason reason, String detail) implements Verdict<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Optional<T> accepted() {
            return Optional.empty();
        }
    }

    /** Why a row was rejected; one per kind of {@link EnvelopeException}. */
    enum Reason {
        /** A tag or signature did not verify: forged (for example with only the public key) or altered. */
        FORGED,
        /** Format v1, whose origin cannot be proven, under {@link OriginPolicy#PROVEN_ONLY}. */
        UNPROVEN,
        /** Sealed to, or signed by, a key this reader does not hold or pin. */
        UNKNOWN_KEY,
        /** The envelope names another user, batch or object than the one it was read as. */
        MISPLACED,
        /** Empty, cut short, of an unknown version, or not well-formed. */
        DAMAGED;

        static Reason of(EnvelopeException e) {
            return switch (e) {
                case AuthenticationFailedException a -> FORGED;
                case UnverifiedOriginException u -> UNPROVEN;
                case WrongKeyException w -> UNKNOWN_KEY;
                case ContextMismatchException c -> MISPLACED;
                case EmptyEnvelopeException x -> DAMAGED;
                case TruncatedEnvelopeException x -> DAMAGED;
                case UnsupportedFormatVersionException x -> DAMAGED;
                case MalformedEnvelopeException x -> DAMAGED;
            };
        }
    }

    static <T> Verdict<T> rejected(EnvelopeException e) {
        return new Rejected<>(Reason.of(e), String.valueOf(e.getMessage()));
    }
}
