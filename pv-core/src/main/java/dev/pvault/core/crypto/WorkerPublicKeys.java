package dev.pvault.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.VaultException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's public key file (docs/FORMAT.md, "Worker public key file"): per entry the HPKE public key
 * that jobs are wrapped to and the Ed25519 public key that its results are signed with, current first.
 * A client pins this file (keeps the copy it was given at set-up) and checks every job result against it;
 * a worker that rolls its keys publishes a new file, and the client replaces its pin from a source it trusts.
 */
public final class WorkerPublicKeys {
    public static final String TYPE = "pvault-worker-public-keys";
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = JsonEnvelopes.MAPPER;

    /** One worker key: its HPKE public key and the signing public key beside it ({@code null} for v1 keys). */
    public record Key(RecipientPublicKey hpke, SigningPublicKey signing) {
        public Key {
            Objects.requireNonNull(hpke, "hpke");
        }
    }

    private final List<Key> keys;

    public WorkerPublicKeys(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new MalformedEnvelopeException("a worker public key file needs at least one key");
        }
        this.keys = List.copyOf(keys);
    }

    /** The HPKE key new jobs are wrapped to. */
    public RecipientPublicKey current() {
        return keys.getFirst().hpke();
    }

    public List<Key> keys() {
        return keys;
    }

    /** The pinned signing key with id {@code keyId}, if this file lists it. */
    public Optional<SigningPublicKey> signingKey(KeyId keyId) {
        return keys.stream()
                .map(Key::signing)
                .filter(k -> k != null && k.keyId().equals(keyId))
                .findFirst();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("type", TYPE).put("version", VERSION);
        ArrayNode array = root.putArray("keys");
        for (Key key : keys) {
            if (key.signing() == null) {
                throw new InternalException("worker key " + key.hpke().keyId()
                        + " has no signing key: a v1 keyring cannot publish a v2 public key file");
            }
            array.addObject()
                    .put("keyId", key.hpke().keyId().hex())
                    .put("publicKey", key.hpke().base64())
                    .put("signingKeyId", key.signing().keyId().hex())
                    .put("signingPublicKey", key.signing().base64());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write the worker public key file", e);
        }
    }

    public static WorkerPublicKeys parse(String json) {
        JsonNode root = JsonEnvelopes.readObject(json, "worker public key file");
        if (!TYPE.equals(root.path("type").asText())) {
            throw new MalformedEnvelopeException("not a worker public key file: \"type\" is not \"" + TYPE + "\"");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new UnsupportedFormatVersionException("worker public key file has format version "
                    + root.path("version").asText("?") + ", this build reads version " + VERSION);
        }
        List<Key> keys = new java.util.ArrayList<>();
        for (JsonNode node : root.path("keys")) {
            keys.add(new Key(hpkeKey(node, "worker public key file"), signingKey(node, "worker public key file")));
        }
        return new WorkerPublicKeys(keys);
    }

    /** The entry's HPKE public key, checked against its key id. */
    static RecipientPublicKey hpkeKey(JsonNode node, String what) {
        RecipientPublicKey key;
        try {
            key = RecipientPublicKey.ofBase64(node.path("publicKey").asText());
        } catch (VaultException e) {
            throw new MalformedEnvelopeException(what + ": a public key is invalid: " + e.getMessage());
        }
        if (!key.keyId().hex().equals(node.path("keyId").asText())) {
            throw new MalformedEnvelopeException(what + " entry "
                    + node.path("keyId").asText() + " does not match its public key (" + key.keyId() + ")");
        }
        return key;
    }

    /** The entry's signing public key, checked against its key id. */
    static SigningPublicKey signingKey(JsonNode node, String what) {
        SigningPublicKey key =
                SigningPublicKey.ofBase64(node.path("signingPublicKey").asText());
        if (!key.keyId().hex().equals(node.path("signingKeyId").asText())) {
            throw new MalformedEnvelopeException(
                    what + " entry " + node.path("signingKeyId").asText() + " does not match its signing public key ("
                            + key.keyId() + ")");
        }
        return key;
    }

    @Override
    public String toString() {
        return "WorkerPublicKeys"
                + keys.stream().map(k -> k.hpke().keyId().hex()).toList();
    }
}
