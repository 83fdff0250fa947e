package dev.pvault.core.crypto;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;

/**
 * Tink's HPKE, configured as RFC 9180 base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-256-GCM, and the NO_PREFIX variant: a ciphertext is exactly {@code enc (32) || ct || tag (16)}, the
 * HPKE {@code info} is the context we pass and the AEAD's associated data is empty. This is plain RFC 9180
 * single-shot Seal/Open, which any standard HPKE library (CryptoKit, hpke-js, BouncyCastle) reads.
 */
final class Hpke {
    static final int ENCAPSULATED_KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;

    private static final HpkeParameters PARAMETERS;

    static {
        try {
            HybridConfig.register();
            PARAMETERS = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Hpke() {}

    static byte[] seal(RecipientPublicKey recipient, byte[] plaintext, byte[] info) {
        try {
            HpkePublicKey key = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(recipient.bytes()), null);
            HybridEncrypt encrypt = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build()
                    .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
            return encrypt.encrypt(plaintext, info);
        } catch (GeneralSecurityException e) {
            throw new InternalException("HPKE seal to key id " + recipient.keyId() + " failed", e);
        }
    }

    static HybridDecrypt decrypter(byte[] privateKey, RecipientPublicKey publicKey) throws GeneralSecurityException {
        HpkePublicKey hpkePublic = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(publicKey.bytes()), null);
        HpkePrivateKey hpkePrivate =
                HpkePrivateKey.create(hpkePublic, SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get()));
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(hpkePrivate).withRandomId().makePrimary())
                .build()
                .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
    }
}
