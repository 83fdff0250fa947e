package dev.pvault.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The worker's HPKE key pairs. The first is current (clients wrap to it); the others stay while jobs
 * wrapped to them may still be in flight, which is how a key is rolled without losing work.
 *
 * <p>Its JSON form (docs/FORMAT.md, "Worker keyring") is the value of the Secrets Manager secret in the
 * cloud and of a 0600 file locally. It holds private keys in the clear: it must only ever live in a
 * secret store or a private file, and {@link #toString()} shows key ids only.
 */
public final class WorkerKeyring implements AutoCloseable {
    public static final String TYPE = "pvault-worker-keys";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonEnvelopes.MAPPER;

    private final List<RecipientKeyPair> keys;

    public WorkerKeyring(List<RecipientKeyPair> keys) {
        if (keys.isEmpty()) {
            throw new UserException("a worker keyring needs at least one key");
        }
        this.keys = List.copyOf(keys);
    }

    public static WorkerKeyring generate() {
        return new WorkerKeyring(List.of(RecipientKeyPair.generate()));
    }

    /** The key clients wrap new jobs to. */
    public RecipientKeyPair current() {
        return keys.getFirst();
    }

    public List<RecipientKeyPair> keys() {
        return keys;
    }

    /** A keyring whose current key is a fresh one, keeping the old keys for jobs still in flight. */
    public WorkerKeyring withNewCurrentKey() {
        List<RecipientKeyPair> rolled = new ArrayList<>(keys.size() + 1);
        rolled.add(RecipientKeyPair.generate());
        rolled.addAll(keys);
        return new WorkerKeyring(rolled);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("type", TYPE).put("version", VERSION);
        ArrayNode array = root.putArray("keys");
        for (RecipientKeyPair key : keys) {
            byte[] privateKey = key.exportPrivateKey();
            try {
                array.addObject()
                        .put("keyId", key.keyId().hex())
                        .put("publicKey", key.publicKey().base64())
                        .put("privateKey", Base64.getEncoder().encodeToString(privateKey));
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write the worker keyring", e);
        }
    }

    public static WorkerKeyring parse(String json) {
        JsonNode root = JsonEnvelopes.readObject(json, "worker keyring");
        if (!TYPE.equals(root.path("type").asText())) {
            throw new MalformedEnvelopeException("not a worker keyring: \"type\" is not \"" + TYPE + "\"");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new UnsupportedFormatVersionException("worker keyring has format version "
                    + root.path("version").asText("?") + ", this build reads version " + VERSION);
        }
        List<RecipientKeyPair> keys = new ArrayList<>();
        for (JsonNode entry : root.path("keys")) {
            RecipientPublicKey publicKey =
                    RecipientPublicKey.ofBase64(entry.path("publicKey").asText());
            if (!publicKey.keyId().hex().equals(entry.path("keyId").asText())) {
                throw new MalformedEnvelopeException("worker keyring entry "
                        + entry.path("keyId").asText() + " does not match its public key (" + publicKey.keyId() + ")");
            }
            byte[] privateKey = decode(entry.path("privateKey").asText(), publicKey.keyId());
            try {
                keys.add(RecipientKeyPair.of(privateKey, publicKey));
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
        if (keys.isEmpty()) {
            throw new MalformedEnvelopeException("worker keyring holds no keys");
        }
        return new WorkerKeyring(keys);
    }

    private static byte[] decode(String base64, KeyId keyId) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("worker key " + keyId + ": private key is not base64");
        }
    }

    @Override
    public void close() {
        keys.forEach(RecipientKeyPair::close);
    }

    @Override
    public String toString() {
        return "WorkerKeyring[" + keys.stream().map(k -> k.keyId().hex()).collect(Collectors.joining(", ")) + "]";
    }
}
