package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import org.junit.jupiter.api.Test;

class ContentDigestsTest {
    private final WorkerKeyring keyring = WorkerKeyring.generate();
    private final ContentDigests digests = new ContentDigests(keyring);
    private final UserId user = UserId.random();
    private final MessageId id = MessageId.of(new byte[16]);
    private final MessageId other = MessageId.parse("0123456789abcdef0123456789abcdef");

    @Test
    void digest_isDeterministicAndMatchesItsText() {
        ContentDigest digest = digests.digest(user, id, "hello");

        assertThat(digests.digest(user, id, "hello")).isEqualTo(digest);
        assertThat(digests.matches(digest, user, id, "hello")).contains(true);
        assertThat(digests.matches(digest, user, id, "hello!")).contains(false);
        assertThat(digest.keyId()).isEqualTo(keyring.current().keyId());
    }

    @Test
    void digest_bindsUserAndMessage_soEqualTextsLookUnrelated() {
        assertThat(digests.digest(user, id, "ok")).isNotEqualTo(digests.digest(user, other, "ok"));
        assertThat(digests.digest(user, id, "ok")).isNotEqualTo(digests.digest(UserId.random(), id, "ok"));
    }

    @Test
    void digest_isKeyed_anotherWorkerGetsAnotherDigest() {
        ContentDigests otherWorker = new ContentDigests(WorkerKeyring.generate());

        assertThat(otherWorker.digest(user, id, "hello").digest())
                .isNotEqualTo(digests.digest(user, id, "hello").digest());
    }

    @Test
    void matches_isUnknownForADigestOfAKeyNoLongerHeld() {
        ContentDigest old = new ContentDigests(WorkerKeyring.generate()).digest(user, id, "hello");

        assertThat(digests.matches(old, user, id, "hello")).isEmpty();
    }

    @Test
    void matches_usesAnOlderKeyWhileTheKeyringHoldsIt() {
        ContentDigest beforeRoll = digests.digest(user, id, "hello");
        ContentDigests afterRoll = new ContentDigests(keyring.withNewCurrentKey());

        assertThat(afterRoll.matches(beforeRoll, user, id, "hello")).contains(true);
        assertThat(afterRoll.digest(user, id, "hello").keyId()).isNotEqualTo(beforeRoll.keyId());
    }

    @Test
    void toString_showsTheKeyIdOnly() {
        ContentDigest digest = digests.digest(user, id, "hello");
        assertThat(digest.toString())
                .isEqualTo("ContentDigest[keyId=" + keyring.current().keyId() + "]");
    }
}
