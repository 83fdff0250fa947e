package dev.pvault.client.index;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One sealed file of the search index: a header, then the plaintext in chunks of a fixed size, each sealed on its own
 * so a reader can open one chunk without the others.
 *
 * <pre>
 * header: "PVIX" | version 1 | aead (1 ChaCha20-Poly1305, 2 AES-256-GCM) | chunk size (int) | plaintext length (long)
 *         | salt (32 random bytes)
 * chunk i: AEAD(file key, nonce = last-flag (1 byte) || 0 0 0 || i (8 bytes, big-endian), aad = header) of bytes
 *          [i * chunk size, (i + 1) * chunk size) of the plaintext; at least one chunk, possibly empty
 * </pre>
 *
 * <p>The file key is HKDF(index key, salt, label || file name): a fresh key per file, so counter nonces never repeat,
 * and a file renamed or moved into another index does not open. Every chunk authenticates the header (and so the
 * length); the last-chunk flag and the chunk count from the length catch truncation and reordering. This is the
 * STREAM construction that Tink's streaming AEAD uses. It is written here because Tink offers it over AES only, and
 * without the C2 compiler (the {@code pvault} script runs C1) the JDK's AES-GCM opened 7-20 MB/s in a fresh JVM
 * against 20-68 MB/s for its ChaCha20-Poly1305 (one-off probe, 32-64 MB in 4-64 KiB chunks, loaded 2-core machine).
 */
final class SealedFile {
    static final int TAG = 16;
    private static final byte[] MAGIC = "PVIX".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int SALT = 32;
    static final int HEADER = MAGIC.length + 1 + 1 + 4 + 8 + SALT;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedFile() {}

    /**
     * Seals {@code plaintext} into {@code file} (created new) and forces it to disk. {@code name} is the name the file
     * is opened by (its key is derived from it): the file's own name, or the name it will be renamed to.
     */
    static void write(Path file, String name, IndexKey key, IndexCipher aead, int chunkSize, byte[] plaintext) {
        if (chunkSize <= 0) {
            throw new InternalException("chunk size must be positive, got " + chunkSize);
        }
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        ByteBuffer header = ByteBuffer.allocate(HEADER)
                .put(MAGIC)
                .put((byte) VERSION)
                .put((byte) aead.code)
                .putInt(chunkSize)
                .putLong(plaintext.length)
                .put(salt);
        byte[] headerBytes = header.array();
        int chunks = chunkCount(plaintext.length, chunkSize);
        byte[] fileKey = key.fileKey(salt, name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            SecretKeySpec spec = new SecretKeySpec(fileKey, aead.keyAlgorithm);
            Cipher cipher = Cipher.getInstance(aead.transformation);
            ByteBuffer out = ByteBuffer.allocate(HEADER + plaintext.length + chunks * TAG);
            out.put(headerBytes);
            for (int i = 0; i < chunks; i++) {
                int from = i * chunkSize;
                int length = Math.min(chunkSize, plaintext.length - from);
                cipher.init(Cipher.ENCRYPT_MODE, spec, aead.parameters(nonce(i, i == chunks - 1)));
                cipher.updateAAD(headerBytes);
                out.put(cipher.doFinal(plaintext, from, length));
            }
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UnavailableException("cannot write index file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new InternalException("cannot seal index file " + file.getFileName() + " with " + aead, e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    static int chunkCount(long plaintextLength, int chunkSize) {
        return (int) Math.max(1, (plaintextLength + chunkSize - 1) / chunkSize);
    }

    private static byte[] nonce(long chunk, boolean last) {
        byte[] nonce = ByteBuffer.allocate(12).putLong(4, chunk).array();
        nonce[0] = (byte) (last ? 1 : 0);
        return nonce;
    }

    /** Opens {@code file}'s header; chunks are read on demand. Close the reader to release the file. */
    static Reader open(Path file, String name, IndexKey key) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IndexDamagedException("index file " + name + " is missing");
        } catch (IOException e) {
            throw new UnavailableException("cannot read index file " + file + ": " + e.getMessage(), e);
        }
        try {
            return new Reader(channel, name, key);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Reads and opens the whole of {@code file}. */
    static byte[] readAll(Path file, String name, IndexKey key) {
        try (Reader reader = open(file, name, key)) {
            return reader.readAll();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }

    /** The open chunks of one sealed file; thread-safe. */
    static final class Reader implements AutoCloseable {
        private final FileChannel channel;
        private final String name;
        private final byte[] header;
        private final IndexCipher aead;
        private final int chunkSize;
        private final long length;
        private final int chunks;
        private final SecretKeySpec key;
        private final byte[] keyBytes;

        private Reader(FileChannel channel, String name, IndexKey indexKey) {
            this.channel = channel;
            this.name = name;
            this.header = new byte[HEADER];
            long size;
            try {
                size = channel.size();
                if (size < HEADER) {
                    throw new IndexDamagedException("index file " + name + " is truncated (" + size + " bytes)");
                }
                readFully(ByteBuffer.wrap(header), 0);
            } catch (IOException e) {
                throw new UnavailableException("cannot read index file " + name + ": " + e.getMessage(), e);
            }
            ByteBuffer in = ByteBuffer.wrap(header);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            int version = in.get();
            if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new IndexDamagedException("index file " + name + " is not a version " + VERSION + " index file");
            }
            this.aead = IndexCipher.ofCode(in.get(), name);
            this.chunkSize = in.getInt();
            this.length = in.getLong();
            if (chunkSize <= 0 || length < 0) {
                throw new IndexDamagedException("index file " + name + " has a damaged header");
            }
            this.chunks = SealedFile.chunkCount(length, chunkSize);
            long expected = HEADER + length + (long) chunks * TAG;
            if (size != expected) {
                throw new IndexDamagedException(
                        "index file " + name + " is " + size + " bytes, its header says " + expected);
            }
            byte[] salt = new byte[SALT];
            in.get(salt);
            this.keyBytes = indexKey.fileKey(salt, name);
            this.key = new SecretKeySpec(keyBytes, aead.keyAlgorithm);
        }

        int chunkCount() {
            return chunks;
        }

        long length() {
            return length;
        }

        /** The plaintext of chunk {@code i}. */
        byte[] chunk(int i) {
            if (i < 0 || i >= chunks) {
                throw new InternalException("chunk " + i + " of " + chunks + " in " + name);
            }
            int plain = (int) Math.min(chunkSize, length - (long) i * chunkSize);
            byte[] sealed = new byte[plain + TAG];
            try {
                readFully(ByteBuffer.wrap(sealed), HEADER + (long) i * (chunkSize + TAG));
                return open(newCipher(), sealed, i);
            } catch (IOException e) {
                throw new UnavailableException("cannot read index file " + name + ": " + e.getMessage(), e);
            }
        }

        /** The whole plaintext, checked chunk by chunk. */
        byte[] readAll() {
            if (length > Integer.MAX_VALUE - 64) {
                throw new IndexDamagedException("index file " + name + " is too large to read whole: " + length);
            }
            byte[] sealed = new byte[(int) (length + (long) chunks * TAG)];
            try {
                readFully(ByteBuffer.wrap(sealed), HEADER);
            } catch (IOException e) {
                throw new UnavailableException("cannot read index file " + name + ": " + e.getMessage(), e);
            }
            byte[] plain = new byte[(int) length];
            Cipher cipher = newCipher();
            for (int i = 0; i < chunks; i++) {
                int from = i * (chunkSize + TAG);
                int size = (int) Math.min(chunkSize, length - (long) i * chunkSize);
                try {
                    cipher.init(Cipher.DECRYPT_MODE, key, aead.parameters(nonce(i, i == chunks - 1)));
                    cipher.updateAAD(header);
                    cipher.doFinal(sealed, from, size + TAG, plain, i * chunkSize);
                } catch (AEADBadTagException e) {
                    throw damaged(i);
                } catch (GeneralSecurityException e) {
                    throw new InternalException("cannot open index file " + name + " with " + aead, e);
                }
            }
            return plain;
        }

        private byte[] open(Cipher cipher, byte[] sealed, int i) {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, aead.parameters(nonce(i, i == chunks - 1)));
                cipher.updateAAD(header);
                return cipher.doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw damaged(i);
            } catch (GeneralSecurityException e) {
                throw new InternalException("cannot open index file " + name + " with " + aead, e);
            }
        }

        private IndexDamagedException damaged(int chunk) {
            return new IndexDamagedException("index file " + name + " does not authenticate (chunk " + chunk + " of "
                    + chunks + "): damaged, altered, or sealed under another key");
        }

        private Cipher newCipher() {
            try {
                return Cipher.getInstance(aead.transformation);
            } catch (GeneralSecurityException e) {
                throw new InternalException(aead.transformation + " is not available in this JVM", e);
            }
        }

        private void readFully(ByteBuffer buffer, long position) throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new IndexDamagedException("index file " + name + " ended early");
                }
                at += read;
            }
        }

        @Override
        public void close() {
            Arrays.fill(keyBytes, (byte) 0);
            closeQuietly(channel);
        }
    }
}
