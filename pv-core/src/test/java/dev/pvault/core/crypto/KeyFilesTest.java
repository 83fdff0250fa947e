package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyFilesTest {
    /** Cheap settings: the cost parameters are what is under test, not Argon2id's speed. */
    private static final Argon2Settings FAST = new Argon2Settings(1024, 1, 1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final UserKeys keys = UserKeys.generate(UserId.random());
    private final String file = UserKeyFile.seal(keys, "tr0ub4dor & 3".toCharArray(), FAST);

    @Test
    void userKeyFile_opensWithItsPassphrase() {
        try (UserKeys opened = UserKeyFile.open(file, "tr0ub4dor & 3".toCharArray())) {
            assertThat(opened.userId()).isEqualTo(keys.userId());
            assertThat(opened.keyPair().exportPrivateKey())
                    .isEqualTo(keys.keyPair().exportPrivateKey());
            assertThat(opened.messageIdKey().exportBytes())
                    .isEqualTo(keys.messageIdKey().exportBytes());
        }
    }

    @Test
    void searchIndexKey_isStableAcrossAReopenAndDiffersPerUserAndFromThePrivateKey() {
        try (UserKeys opened = UserKeyFile.open(file, "tr0ub4dor & 3".toCharArray());
                UserKeys other = UserKeys.generate(UserId.random())) {
            byte[] key = keys.searchIndexKey();
            assertThat(key).hasSize(32).isEqualTo(opened.searchIndexKey());
            assertThat(key).isNotEqualTo(other.searchIndexKey());
            assertThat(key).isNotEqualTo(keys.keyPair().exportPrivateKey());
        }
    }

    @Test
    void userKeyFile_recordsItsKdfParametersAndHoldsNoSecretInTheClear() throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(file);
        assertThat(node.at("/kdf/algorithm").asText()).isEqualTo("argon2id");
        assertThat(node.at("/kdf/memoryKiB").asInt()).isEqualTo(1024);
        assertThat(node.at("/kdf/iterations").asInt()).isEqualTo(1);
        assertThat(file)
                .doesNotContain(
                        Base64.getEncoder().encodeToString(keys.keyPair().exportPrivateKey()))
                .doesNotContain(
                        Base64.getEncoder().encodeToString(keys.messageIdKey().exportBytes()));
        assertThat(UserKeyFile.readPublic(file).publicKey()).isEqualTo(keys.publicKey());
    }

    @Test
    void userKeyFile_rejectsAWrongPassphrase() {
        assertThatThrownBy(() -> UserKeyFile.open(file, "tr0ub4dor & 4".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining(keys.userId().toString())
                .hasMessageNotContaining("tr0ub4dor");
    }

    @Test
    void userKeyFile_normalisesThePassphraseSoAnyKeyboardOpensIt() {
        String composed = "caf\u00e9";
        String decomposed = "cafe\u0301";
        String sealed = UserKeyFile.seal(keys, composed.toCharArray(), FAST);
        try (UserKeys opened = UserKeyFile.open(sealed, decomposed.toCharArray())) {
            assertThat(opened.userId()).isEqualTo(keys.userId());
        }
    }

    @Test
    void userKeyFile_rejectsLoweredKdfCostsOrASwappedPublicKey() throws IOException {
        ObjectNode lowered = (ObjectNode) JSON.readTree(file);
        ((ObjectNode) lowered.get("kdf")).put("memoryKiB", 512);
        assertThatThrownBy(() -> UserKeyFile.open(lowered.toString(), "tr0ub4dor & 3".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);

        RecipientPublicKey other = RecipientKeyPair.generate().publicKey();
        ObjectNode swapped = (ObjectNode) JSON.readTree(file);
        swapped.put("publicKey", other.base64()).put("keyId", other.keyId().hex());
        assertThatThrownBy(() -> UserKeyFile.open(swapped.toString(), "tr0ub4dor & 3".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);
    }

    @Test
    void userKeyFile_rejectsDamagedFiles() throws IOException {
        assertThatThrownBy(() -> UserKeyFile.open("", "x".toCharArray())).isInstanceOf(EmptyEnvelopeException.class);
        assertThatThrownBy(() -> UserKeyFile.open(file.substring(0, 40), "x".toCharArray()))
                .isInstanceOf(TruncatedEnvelopeException.class);
        ObjectNode v2 = ((ObjectNode) JSON.readTree(file)).put("version", 2);
        assertThatThrownBy(() -> UserKeyFile.open(v2.toString(), "x".toCharArray()))
                .isInstanceOf(UnsupportedFormatVersionException.class);
        ObjectNode other = ((ObjectNode) JSON.readTree(file)).put("type", "something-else");
        assertThatThrownBy(() -> UserKeyFile.open(other.toString(), "x".toCharArray()))
                .isInstanceOf(MalformedEnvelopeException.class);
        ObjectNode greedy = (ObjectNode) JSON.readTree(file);
        ((ObjectNode) greedy.get("kdf")).put("memoryKiB", 64 * 1024 * 1024);
        assertThatThrownBy(() -> UserKeyFile.open(greedy.toString(), "x".toCharArray()))
                .isInstanceOf(MalformedEnvelopeException.class);
    }

    @Test
    void userKeyFile_refusesAnEmptyPassphrase() {
        assertThatThrownBy(() -> UserKeyFile.seal(keys, new char[0], FAST))
                .isInstanceOf(dev.pvault.core.VaultException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void workerKeyring_roundTripsAndChecksItsKeys() throws IOException {
        WorkerKeyring ring = WorkerKeyring.generate().withNewCurrentKey();
        WorkerKeyring parsed = WorkerKeyring.parse(ring.toJson());
        assertThat(parsed.keys()).hasSize(2);
        assertThat(parsed.current().keyId()).isEqualTo(ring.current().keyId());
        assertThat(parsed.current().exportPrivateKey()).isEqualTo(ring.current().exportPrivateKey());

        ObjectNode mixed = (ObjectNode) JSON.readTree(ring.toJson());
        ((ObjectNode) mixed.get("keys").get(0))
                .put(
                        "privateKey",
                        Base64.getEncoder().encodeToString(ring.keys().get(1).exportPrivateKey()));
        assertThatThrownBy(() -> WorkerKeyring.parse(mixed.toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("does not belong");
        assertThat(ring.toString())
                .doesNotContain(
                        Base64.getEncoder().encodeToString(ring.current().exportPrivateKey()));
    }
}
