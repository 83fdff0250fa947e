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
 * The worker's keys: per entry an HPKE key pair (jobs are wrapped to it) and, from format v2, an Ed25519
 * signing key beside it (job results are signed with it). The first entry is current: clients wrap to its
 * HPKE key and the worker signs with its signing key; the others stay while jobs wrapped to them may still
 * be in flight, and while clients still hold results signed by them, which is how a key is rolled.
 *
 * <p>Its JSON form (docs/FORMAT.md, "Worker keyring") is the value of the Secrets Manager secret in the
 * cloud and of a 0600 file locally. It holds private keys in the clear: it must only ever live in a
 * secret store or a private file, and {@link #toString()} shows key ids only. Its public half, {@link
 * #publicKeys()}, is what clients pin.
 */
public final class WorkerKeyring implements AutoCloseable {
    public static final String TYPE = "pvault-worker-keys";
    /** The version this build writes: every entry has a signing key. */
    public static final int VERSION = 2;

    static final int VERSION_1 = 1;
    private static final ObjectMapper JSON = JsonEnvelopes.MAPPER;

    /** One HPKE key and the signing key published with it ({@code null} in a v1 keyring). */
    public record Entry(RecipientKeyPair hpke, SigningKeyPair signing) {
        public Entry {
            java.util.Objects.requireNonNull(hpke, "hpke");
        }

        static Entry generate() {
            return new Entry(RecipientKeyPair.generate(), SigningKeyPair.generate());
        }

        @Override
        public String toString() {
            return "Entry[keyId=" + hpke.keyId() + (signing == null ? "" : ", signingKeyId=" + signing.keyId()) + "]";
        }
    }

    private final List<Entry> entries;

    public WorkerKeyring(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new UserException("a worker keyring needs at least one key");
        }
        long signed = entries.stream().filter(e -> e.signing() != null).count();
        if (signed != 0 && signed != entries.size()) {
            throw new InternalException("a worker keyring has a signing key on every entry or on none");
        }
        this.entries = List.copyOf(entries);
    }

    /** A fresh keyring: one HPKE key and one signing key. */
    public static WorkerKeyring generate() {
        return new WorkerKeyring(List.of(Entry.generate()));
    }

    /** The key clients wrap new jobs to. */
    public RecipientKeyPair current() {
        return entries.getFirst().hpke();
    }

    /** Every HPKE key, current first: a job may be wrapped to any of them. */
    public List<RecipientKeyPair> keys() {
        return entries.stream().map(Entry::hpke).toList();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Whether this keyring can sign results (format v2); a v1 keyring needs {@link #withSigningKeys()}. */
    public boolean canSign() {
        return entries.getFirst().signing() != null;
    }

    /** The key that signs new results: the current entry's. */
    public SigningKeyPair signingKey() {
        SigningKeyPair key = entries.getFirst().signing();
        if (key == null) {
            throw new InternalException("worker keyring " + this + " is format v1 and has no signing key: upgrade it"
                    + " (WorkerKeyring.withSigningKeys) before it runs format-v2 jobs");
        }
        return key;
    }

    /** This keyring with a fresh signing key beside every HPKE key that has none (upgrades v1 to v2). */
    public WorkerKeyring withSigningKeys() {
        return new WorkerKeyring(entries.stream()
                .map(e -> e.signing() != null ? e : new Entry(e.hpke(), SigningKeyPair.generate()))
                .toList());
    }

    /** A keyring whose current entry is a fresh one, keeping the old keys for jobs and results in flight. */
    public WorkerKeyring withNewCurrentKey() {
        List<Entry> rolled = new ArrayList<>(entries.size() + 1);
        rolled.add(Entry.generate());
        rolled.addAll(withSigningKeys().entries());
        return new WorkerKeyring(rolled);
    }

    /** The public half, which clients pin: every HPKE and signing public key, current first. */
    public WorkerPublicKeys publicKeys() {
        return new WorkerPublicKeys(entries.stream()
                .map(e -> new WorkerPublicKeys.Key(
                        e.hpke().publicKey(),
                        e.signing() == null ? null : e.signing().publicKey()))
                .toList());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("type", TYPE).put("version", canSign() ? VERSION : VERSION_1);
        ArrayNode array = root.putArray("keys");
        for (Entry entry : entries) {
            ObjectNode node = array.addObject();
            put(
                    node,
                    "",
                    entry.hpke().keyId(),
                    entry.hpke().publicKey().base64(),
                    entry.hpke().exportPrivateKey());
            if (entry.signing() != null) {
                SigningKeyPair signing = entry.signing();
                put(node, "signing", signing.keyId(), signing.publicKey().base64(), signing.exportPrivateKey());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write the worker keyring", e);
        }
    }

    private static void put(ObjectNode node, String prefix, KeyId keyId, String publicKey, byte[] privateKey) {
        try {
            node.put(field(prefix, "keyId"), keyId.hex())
                    .put(field(prefix, "publicKey"), publicKey)
                    .put(field(prefix, "privateKey"), Base64.getEncoder().encodeToString(privateKey));
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** {@code keyId} or {@code signingKeyId}. */
    private static String field(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** Reads a v1 or v2 keyring document; a v2 entry must carry a signing key that matches its id. */
    public static WorkerKeyring parse(String json) {
        JsonNode root = JsonEnvelopes.readObject(json, "worker keyring");
        if (!TYPE.equals(root.path("type").asText())) {
            throw new MalformedEnvelopeException("not a worker keyring: \"type\" is not \"" + TYPE + "\"");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION && version != VERSION_1) {
            throw new UnsupportedFormatVersionException("worker keyring has format version "
                    + root.path("version").asText("?") + ", this build reads versions 1 and 2");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : root.path("keys")) {
            RecipientPublicKey publicKey = WorkerPublicKeys.hpkeKey(node, "worker keyring");
            byte[] privateKey = decode(node.path("privateKey").asText(), publicKey.keyId());
            RecipientKeyPair hpke;
            try {
                hpke = RecipientKeyPair.of(privateKey, publicKey);
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
            SigningKeyPair signing = null;
            if (version == VERSION) {
                SigningPublicKey signingPublic = WorkerPublicKeys.signingKey(node, "worker keyring");
                byte[] seed = decode(node.path("signingPrivateKey").asText(), signingPublic.keyId());
                try {
                    signing = SigningKeyPair.of(seed, signingPublic);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            entries.add(new Entry(hpke, signing));
        }
        if (entries.isEmpty()) {
            throw new MalformedEnvelopeException("worker keyring holds no keys");
        }
        return new WorkerKeyring(entries);
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
        for (Entry entry : entries) {
            entry.hpke().close();
            if (entry.signing() != null) {
                entry.signing().close();
            }
        }
    }

    @Override
    public String toString() {
        return "WorkerKeyring["
                + entries.stream().map(e -> e.hpke().keyId().hex()).collect(Collectors.joining(", ")) + "]";
    }
}
