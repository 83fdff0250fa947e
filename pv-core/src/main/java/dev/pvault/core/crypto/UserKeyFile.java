package dev.pvault.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The user's keys at rest (docs/FORMAT.md, "User key file"): a JSON document with the public key in the
 * clear and the private key and message-id key sealed with AES-256-GCM under a key derived from the
 * passphrase by Argon2id. The Argon2id parameters and salt are recorded in the file; they, the user id and
 * the public key are the associated data, so none of them can be changed without the file failing to open.
 *
 * <p>Argon2id comes from the reference C library (BouncyCastle where it does not load, see {@link
 * Argon2id}): Tink deliberately has no password-based KDF. The file format is unchanged by format v2; new
 * files get {@link Argon2Settings#DEFAULT}, and a file keeps opening with the costs recorded in it.
 */
public final class UserKeyFile {
    public static final String TYPE = "pvault-user-key";
    public static final int VERSION = 1;
    static final String AAD_LABEL = "pvault/v1/user-key";
    static final int SALT_LENGTH = 16;
    private static final ObjectMapper JSON = JsonEnvelopes.MAPPER;

    private UserKeyFile() {}

    /** The clear part of a key file: enough to seal to the user without the passphrase. */
    public record PublicPart(UserId userId, RecipientPublicKey publicKey) {}

    public static String seal(UserKeys keys, char[] passphrase, Argon2Settings settings) {
        byte[] salt = SecureRandoms.bytes(SALT_LENGTH);
        byte[] secrets = new byte[RecipientKeyPair.PRIVATE_KEY_LENGTH + MessageIdKey.LENGTH];
        byte[] privateKey = keys.keyPair().exportPrivateKey();
        byte[] idKey = keys.messageIdKey().exportBytes();
        System.arraycopy(privateKey, 0, secrets, 0, privateKey.length);
        System.arraycopy(idKey, 0, secrets, privateKey.length, idKey.length);
        Arrays.fill(privateKey, (byte) 0);
        Arrays.fill(idKey, (byte) 0);
        try (DataKey kek = deriveKey(passphrase, salt, settings)) {
            byte[] sealed = kek.seal(secrets, aad(keys.userId(), keys.publicKey(), settings, salt));
            ObjectNode root = JSON.createObjectNode()
                    .put("type", TYPE)
                    .put("version", VERSION)
                    .put("userId", keys.userId().toString())
                    .put("keyId", keys.publicKey().keyId().hex())
                    .put("publicKey", keys.publicKey().base64());
            root.putObject("kdf")
                    .put("algorithm", "argon2id")
                    .put("argon2Version", 19)
                    .put("memoryKiB", settings.memoryKiB())
                    .put("iterations", settings.iterations())
                    .put("parallelism", settings.parallelism())
                    .put("salt", Base64.getEncoder().encodeToString(salt));
            root.put("sealedSecrets", Base64.getEncoder().encodeToString(sealed));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write the user key file", e);
        } finally {
            Arrays.fill(secrets, (byte) 0);
        }
    }

    /**
     * The Argon2id costs {@code json} was sealed with. A caller that has just opened a file whose costs are
     * {@link Argon2Settings#weakerThanDefault()} may re-seal it with {@link Argon2Settings#DEFAULT} (same
     * keys, new salt) and replace the file atomically; the file opens either way.
     */
    public static Argon2Settings costs(String json) {
        return parse(json).settings();
    }

    /**
     * Loads the native Argon2id library now (0.3 to 0.8 s of a cold JVM here: JNA, and the library from the
     * jar) so that {@link #open} pays only the derivation. Call it on a background thread while the
     * passphrase is being read; calling it more than once, or never, is fine.
     */
    public static void preload() {
        Argon2id.nativeAvailable();
    }

    /** Reads the public part without the passphrase. */
    public static PublicPart readPublic(String json) {
        Parsed parsed = parse(json);
        return new PublicPart(parsed.userId(), parsed.publicKey());
    }

    /** Opens the file with {@code passphrase}; a wrong passphrase is a {@link WrongPassphraseException}. */
    public static UserKeys open(String json, char[] passphrase) {
        Parsed parsed = parse(json);
        byte[] secrets = null;
        try (DataKey kek = deriveKey(passphrase, parsed.salt(), parsed.settings())) {
            secrets = kek.open(
                    parsed.sealed(), aad(parsed.userId(), parsed.publicKey(), parsed.settings(), parsed.salt()));
        } catch (GeneralSecurityException e) {
            throw new WrongPassphraseException("the passphrase does not open the key of user " + parsed.userId()
                    + " (key id " + parsed.publicKey().keyId() + "), or the key file was altered");
        }
        try {
            if (secrets.length != RecipientKeyPair.PRIVATE_KEY_LENGTH + MessageIdKey.LENGTH) {
                throw new MalformedEnvelopeException("user key file: sealed secrets are " + secrets.length + " bytes");
            }
            byte[] privateKey = Arrays.copyOf(secrets, RecipientKeyPair.PRIVATE_KEY_LENGTH);
            byte[] idKey = Arrays.copyOfRange(secrets, RecipientKeyPair.PRIVATE_KEY_LENGTH, secrets.length);
            try {
                return new UserKeys(
                        parsed.userId(), RecipientKeyPair.of(privateKey, parsed.publicKey()), MessageIdKey.of(idKey));
            } finally {
                Arrays.fill(privateKey, (byte) 0);
                Arrays.fill(idKey, (byte) 0);
            }
        } finally {
            Arrays.fill(secrets, (byte) 0);
        }
    }

    private record Parsed(
            UserId userId, RecipientPublicKey publicKey, Argon2Settings settings, byte[] salt, byte[] sealed) {}

    private static Parsed parse(String json) {
        JsonNode root = JsonEnvelopes.readObject(json, "user key file");
        if (!TYPE.equals(root.path("type").asText())) {
            throw new MalformedEnvelopeException("not a user key file: \"type\" is not \"" + TYPE + "\"");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new UnsupportedFormatVersionException("user key file has format version "
                    + root.path("version").asText("?") + ", this build reads version " + VERSION);
        }
        JsonNode kdf = root.path("kdf");
        if (!"argon2id".equals(kdf.path("algorithm").asText())
                || kdf.path("argon2Version").asInt() != 19) {
            throw new MalformedEnvelopeException("user key file: KDF must be argon2id version 19");
        }
        try {
            UserId userId = UserId.parse(root.path("userId").asText());
            RecipientPublicKey publicKey =
                    RecipientPublicKey.ofBase64(root.path("publicKey").asText());
            if (!publicKey.keyId().hex().equals(root.path("keyId").asText())) {
                throw new MalformedEnvelopeException("user key file: keyId does not match the public key");
            }
            Argon2Settings settings = new Argon2Settings(
                    kdf.path("memoryKiB").asInt(),
                    kdf.path("iterations").asInt(),
                    kdf.path("parallelism").asInt());
            byte[] salt = Base64.getDecoder().decode(kdf.path("salt").asText());
            if (salt.length != SALT_LENGTH) {
                throw new MalformedEnvelopeException(
                        "user key file: salt is " + salt.length + " bytes, expected " + SALT_LENGTH);
            }
            byte[] sealed =
                    Base64.getDecoder().decode(root.path("sealedSecrets").asText());
            return new Parsed(userId, publicKey, settings, salt, sealed);
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("user key file: a base64 field is invalid");
        } catch (EnvelopeException e) {
            throw e;
        } catch (VaultException e) {
            throw new MalformedEnvelopeException("user key file: " + e.getMessage());
        }
    }

    private static byte[] aad(UserId user, RecipientPublicKey publicKey, Argon2Settings settings, byte[] salt) {
        return WrapContexts.label(AAD_LABEL)
                .putByte(VERSION)
                .put(user.bytes())
                .put(publicKey.bytes())
                .put(ByteBuffer.allocate(12)
                        .putInt(settings.memoryKiB())
                        .putInt(settings.iterations())
                        .putInt(settings.parallelism())
                        .array())
                .put(salt)
                .bytes();
    }

    /** Argon2id over the NFC-normalised UTF-8 passphrase: the same words typed on any device give one key. */
    static DataKey deriveKey(char[] passphrase, byte[] salt, Argon2Settings settings) {
        if (passphrase == null || passphrase.length == 0) {
            throw new UserException("the passphrase is empty");
        }
        String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
        byte[] password = normalized.getBytes(StandardCharsets.UTF_8);
        byte[] derived = null;
        try {
            derived = Argon2id.derive(password, salt, settings);
            return DataKey.of(derived);
        } finally {
            Arrays.fill(password, (byte) 0);
            if (derived != null) {
                Arrays.fill(derived, (byte) 0);
            }
        }
    }
}
