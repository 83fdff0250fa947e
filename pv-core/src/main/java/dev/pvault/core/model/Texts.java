package dev.pvault.core.model;

/** Text normalisation that every sealed, hashed or embedded string goes through. */
public final class Texts {
    private static final char REPLACEMENT = '\uFFFD';

    private Texts() {}

    /**
     * Returns {@code text} with every unpaired surrogate replaced by U+FFFD. UTF-8 cannot encode a lone
     * surrogate; without this, the same string would hash one way and seal (via the encoder's own
     * replacement) another.
     */
    public static String wellFormed(String text) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i += 2;
            } else if (Character.isSurrogate(c)) {
                return replaceFrom(text, i);
            } else {
                i++;
            }
        }
        return text;
    }

    private static String replaceFrom(String text, int start) {
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, start);
        int length = text.length();
        int i = start;
        while (i < length) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
                i++;
            }
        }
        return out.toString();
    }
}
