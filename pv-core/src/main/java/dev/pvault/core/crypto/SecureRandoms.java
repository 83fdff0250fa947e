package dev.pvault.core.crypto;

import com.google.crypto.tink.subtle.Random;

/** Every random byte in personal-vault comes from here: Tink's thread-local {@link java.security.SecureRandom}. */
final class SecureRandoms {
    private SecureRandoms() {}

    static byte[] bytes(int length) {
        return Random.randBytes(length);
    }
}
