package dev.pvault.client.index;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The AEAD that seals the index's files (256-bit keys, 96-bit nonces, 128-bit tags). Each file's header names it, so
 * an index opens whichever sealed it. ChaCha20-Poly1305 is the default: without the C2 compiler the JDK's AES-GCM runs
 * without its AES-NI intrinsics (see {@link SealedFile}).
 */
public enum IndexCipher {
    CHACHA20_POLY1305(1, "ChaCha20-Poly1305", "ChaCha20"),
    AES_256_GCM(2, "AES/GCM/NoPadding", "AES");

    final int code;
    final String transformation;
    final String keyAlgorithm;

    IndexCipher(int code, String transformation, String keyAlgorithm) {
        this.code = code;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
    }

    static IndexCipher ofCode(int code, String file) {
        for (IndexCipher cipher : values()) {
            if (cipher.code == code) {
                return cipher;
            }
        }
        throw new IndexDamagedException("index file " + file + " names an unknown cipher " + code);
    }

    AlgorithmParameterSpec parameters(byte[] nonce) {
        return this == AES_256_GCM ? new GCMParameterSpec(SealedFile.TAG * 8, nonce) : new IvParameterSpec(nonce);
    }
}
