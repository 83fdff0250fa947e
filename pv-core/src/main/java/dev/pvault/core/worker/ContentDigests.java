package dev.pvault.core.worker;

import dev.pvault.core.InternalException;
import dev.pvault.core.crypto.KeyId;
import dev.pvault.core.crypto.RecipientKeyPair;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Why a keyed digest, and keyed with what.
 *
 * A message id is an HMAC of chat, time, sender, text and position under the USER's key, so a client that
 * follows the format never sends two texts under one id. A buggy or hostile client can, and the store must
 * notice instead of silently keeping a vector of other content. The worker cannot recompute the id (it has
 * no user key) and cannot open stored vectors (their result keys are wrapped to the user), so the job
 * stores, beside each sealed vector, a digest of the text it embedded:
 *
 *   digest key = HMAC-SHA256(worker private key, "pvault/v1/content-digest-key")
 *   digest     = HMAC-SHA256(digest key, "pvault/v1/content-digest" 0x00 || user id (16) || message id (16)
 *                                       || u32 length || UTF-8 text)[0..16]
 *
 * - Keyed, so the database (untrusted) cannot test a guessed text against a digest. A plain SHA-256 would
 *   let it, which the message ids were designed to prevent.
 * - Bound to the user and message id, so equal texts in two messages get unrelated digests: the column
 *   reveals no "these two messages say the same thing" pattern.
 * - Keyed by the worker key because that is the only secret a worker holds across jobs. The cost, stated
 *   plainly: whoever holds BOTH a worker private key and the database can test a guessed text for a given
 *   message. That party can already read every batch whose job is still queued; this adds guess-testing
 *   of finished messages. The digest is 16 bytes and never leaves the store.
 * - The digest carries the key id of the worker key it was derived from. After a key roll a job compares
 *   with the old key while the keyring still holds it; once the old key is dropped, an old digest cannot be
 *   checked and the stored vector is kept as present (counted, not flagged).
 */
final class ContentDigests {
    private static final String KEY_LABEL = "pvault/v1/content-digest-key";
    private static final byte[] LABEL = "pvault/v1/content-digest\0".getBytes(StandardCharsets.US_ASCII);
    private static final String HMAC = "HmacSHA256";

    // One Mac per worker key, initialised once per job: a Mac and its key spec each hold a copy of the key, so
    // making them per message left a copy per message on the heap (and cost about 3 us against 1 us).
    private final Map<KeyId, Mac> macs = new HashMap<>();
    private final KeyId currentKeyId;

    /** Derives the digest keys of every worker key in {@code keyring}. Call {@link #zero()} when done. */
    ContentDigests(WorkerKeyring keyring) {
        this.currentKeyId = keyring.current().keyId();
        for (RecipientKeyPair key : keyring.keys()) {
            byte[] privateKey = key.exportPrivateKey();
            byte[] digestKey = null;
            try {
                digestKey = hmac(newMac(privateKey), KEY_LABEL.getBytes(StandardCharsets.US_ASCII));
                macs.put(key.keyId(), newMac(digestKey));
            } finally {
                Arrays.fill(privateKey, (byte) 0);
                if (digestKey != null) {
                    Arrays.fill(digestKey, (byte) 0);
                }
            }
        }
    }

    /** The digest of {@code text} under the current worker key. */
    ContentDigest digest(UserId user, MessageId message, String text) {
        return new ContentDigest(currentKeyId, compute(macs.get(currentKeyId), user, message, text));
    }

    /**
     * Whether {@code stored} was made from {@code text}: empty when the key it was made with is no longer
     * held (the keyring rolled past it), so the question cannot be answered.
     */
    Optional<Boolean> matches(ContentDigest stored, UserId user, MessageId message, String text) {
        Mac mac = macs.get(stored.keyId());
        if (mac == null) {
            return Optional.empty();
        }
        return Optional.of(new ContentDigest(stored.keyId(), compute(mac, user, message, text)).equals(stored));
    }

    /** Drops the digest keys (the JCE keeps its copies until they are collected; they are not logged). */
    void zero() {
        macs.clear();
    }

    private static byte[] compute(Mac mac, UserId user, MessageId message, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] input = ByteBuffer.allocate(LABEL.length + 16 + MessageId.LENGTH + 4 + utf8.length)
                .put(LABEL)
                .put(user.bytes())
                .put(message.bytes())
                .putInt(utf8.length)
                .put(utf8)
                .array();
        try {
            return Arrays.copyOf(hmac(mac, input), ContentDigest.LENGTH);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            Arrays.fill(input, (byte) 0);
        }
    }

    private static byte[] hmac(Mac mac, byte[] data) {
        return mac.doFinal(data);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new InternalException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
