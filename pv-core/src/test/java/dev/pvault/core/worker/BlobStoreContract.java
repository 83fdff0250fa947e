package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} adapter passes: extend it, return the adapter from {@link #store()}. Each
 * test works under a fresh random prefix, so adapters may share one bucket between tests.
 */
public abstract class BlobStoreContract {
    private final String root = "contract/" + UUID.randomUUID() + "/";
    private final Random random = new Random(42);

    /** The adapter under test. */
    protected abstract BlobStore store();

    /** How many bytes of object content the adapter has read from where it keeps them, so far. */
    protected abstract long bytesRead();

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void put_thenGet_returnsTheSameBytes() {
        byte[] sealed = bytes(70_000);
        store().put(root + "batch.pvb", sealed);

        assertThat(store().get(root + "batch.pvb", sealed.length))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(sealed));
    }

    @Test
    void anEmptyObject_isStoredAndReturnedEmpty() {
        store().put(root + "empty", new byte[0]);

        assertThat(store().get(root + "empty", 0))
                .hasValueSatisfying(got -> assertThat(got).isEmpty());
        assertThat(store().list(root)).containsExactly(root + "empty");
    }

    @Test
    void exists_isTrueOnlyForAStoredObject() {
        store().put(root + "there", bytes(12));

        assertThat(store().exists(root + "there")).isTrue();
        assertThat(store().exists(root + "not-there")).isFalse();
        store().delete(root + "there");
        assertThat(store().exists(root + "there")).isFalse();
    }

    @Test
    void get_ofAMissingKey_isEmpty() {
        assertThat(store().get(root + "never-stored", 1 << 20)).isEmpty();
    }

    @Test
    void put_replacesWhatWasThere() {
        store().put(root + "k", bytes(300));
        byte[] second = bytes(10);

        store().put(root + "k", second);

        assertThat(store().get(root + "k", 1 << 20))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(second));
        assertThat(store().list(root)).containsExactly(root + "k");
    }

    @Test
    void theStore_keepsItsOwnCopy() {
        byte[] put = bytes(32);
        byte[] expected = put.clone();
        store().put(root + "k", put);
        put[0] ^= 1;

        byte[] got = store().get(root + "k", 32).orElseThrow();
        got[1] ^= 1;

        assertThat(store().get(root + "k", 32))
                .hasValueSatisfying(again -> assertThat(again).isEqualTo(expected));
    }

    @Test
    void delete_removesTheObject() {
        store().put(root + "a", bytes(5));
        store().put(root + "b", bytes(5));

        store().delete(root + "a");

        assertThat(store().get(root + "a", 1 << 20)).isEmpty();
        assertThat(store().list(root)).containsExactly(root + "b");
    }

    @Test
    void delete_ofAMissingKey_isNoError() {
        store().delete(root + "never-stored");
        store().put(root + "once", bytes(3));
        store().delete(root + "once");
        store().delete(root + "once");

        assertThat(store().list(root)).isEmpty();
    }

    @Test
    void list_givesTheKeysWithThePrefix_inLexicalOrder() {
        List<String> names = new ArrayList<>(List.of(
                "u1/batches/0001.pvb",
                "u1/batches/0002.pvb",
                "u1/batches/0010.pvb",
                "u1/batches/A.pvb",
                "u1/batches/a.pvb",
                "u1/batches-old/x.pvb",
                "u1/batchesX",
                "u10/batches/0001.pvb",
                "u2/batches/0001.pvb"));
        Collections.shuffle(names, random);
        for (String name : names) {
            store().put(root + name, bytes(1));
        }

        assertThat(store().list(root + "u1/batches/"))
                .containsExactly(
                        root + "u1/batches/0001.pvb",
                        root + "u1/batches/0002.pvb",
                        root + "u1/batches/0010.pvb",
                        root + "u1/batches/A.pvb",
                        root + "u1/batches/a.pvb");
        assertThat(store().list(root + "u1/batches"))
                .containsExactly(
                        root + "u1/batches-old/x.pvb",
                        root + "u1/batches/0001.pvb",
                        root + "u1/batches/0002.pvb",
                        root + "u1/batches/0010.pvb",
                        root + "u1/batches/A.pvb",
                        root + "u1/batches/a.pvb",
                        root + "u1/batchesX");
        assertThat(store().list(root)).hasSize(names.size()).isSorted();
        assertThat(store().list(root + "u3/")).isEmpty();
    }

    @Test
    void get_ofAnObjectLargerThanAllowed_failsWithoutReadingIt() {
        byte[] large = bytes(2 << 20);
        store().put(root + "large", large);
        long before = bytesRead();

        assertThatThrownBy(() -> store().get(root + "large", 1024))
                .isInstanceOf(OversizeBlobException.class)
                .hasMessage("object " + root + "large is " + large.length + " bytes, more than the 1024 allowed");
        assertThat(bytesRead() - before).as("bytes read of the oversize object").isZero();

        // Exactly its size is allowed, and reading it shows in the count (so the zero above means something).
        assertThat(store().get(root + "large", large.length))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(large));
        assertThat(bytesRead() - before).isGreaterThanOrEqualTo(large.length);
    }
}
