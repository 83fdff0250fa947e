package dev.pvault.embed.onnx;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A private directory that holds model files in a form ONNX Runtime can map from a path: bundled models are
 * extracted from the class path once, each file verified against its pinned SHA-256 and size while it is
 * written, then moved into place atomically, so a reader never sees a partial file. A marker beside each file
 * records that it was verified; later starts check the marker and the size only (in a fresh JVM hashing
 * took 0.31-0.40 s per model file in a one-off probe, docs/EMBEDDING.md).
 *
 * <p>The directory is created readable by its owner only. Files in it are trusted after their first
 * verification, as ONNX Runtime's and DJL's own native library caches are: point it at a place only this user
 * can write ({@code /tmp} on AWS Lambda, which is private to the function).
 *
 * <p>Where the class path is a folder rather than a jar (AWS Lambda unzips a deployment into {@code /var/task},
 * read-only), a bundled model file is already a plain file: it is used where it is, checked by size, and
 * nothing is copied ({@link #locate}). Its digest is checked when the deployable is built ({@link
 * BundledModelCheck}, run on the Lambda jar): hashing it at every cold start would cost 0.3-0.4 s per file, and
 * the deployment package is as fixed as the code beside it.
 */
final class ModelCache {
    private static final HexFormat HEX = HexFormat.of();
    private static final String VERIFIED_SUFFIX = ".sha256";

    private final Path root;

    ModelCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Where a bundled model's graph and tokenizer are, for ONNX Runtime and the tokenizer to map. */
    record BundledFiles(Path model, Path tokenizer) {}

    /**
     * A bundled model's files: where they are, when the class path holds them as plain files of the pinned size;
     * else extracted into this cache ({@link #bundled}).
     */
    BundledFiles locate(BundledModel model) {
        Path graph = inPlace(model.model());
        Path tokenizer = inPlace(model.tokenizer());
        if (graph != null && tokenizer != null) {
            return new BundledFiles(graph, tokenizer);
        }
        Path dir = bundled(model);
        return new BundledFiles(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"));
    }

    /** The class-path resource as a plain file, or null where it is inside a jar (or absent). */
    private static Path inPlace(BundledModel.ModelFile file) {
        URL url = ModelCache.class.getClassLoader().getResource(file.resource());
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(url.toURI());
            long size = Files.size(path);
            if (size != file.size()) {
                throw new InternalException("model file " + path + " is " + size + " bytes, pinned " + file.size()
                        + ": the deployment is damaged or carries another model version");
            }
            return path;
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The folder holding {@code model.onnx} and {@code tokenizer.json} of a bundled model, extracted if needed. */
    Path bundled(BundledModel model) {
        Path dir = root.resolve("models")
                .resolve(model.modelName() + "-" + model.model().sha256().substring(0, 12));
        createPrivateDirectories(dir);
        extract(model.model(), dir.resolve("model.onnx"), model.artifact());
        extract(model.tokenizer(), dir.resolve("tokenizer.json"), model.artifact());
        return dir;
    }

    private void extract(BundledModel.ModelFile file, Path target, String artifact) {
        Path marker = target.resolveSibling(target.getFileName() + VERIFIED_SUFFIX);
        try {
            if (Files.isRegularFile(target)
                    && Files.size(target) == file.size()
                    && Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.US_ASCII).equals(file.sha256())) {
                return;
            }
            try (InputStream in = ModelCache.class.getClassLoader().getResourceAsStream(file.resource())) {
                if (in == null) {
                    throw new InternalException("model file " + file.resource() + " is not on the class path: add "
                            + artifact + " to the dependencies");
                }
                Path part = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
                try {
                    try (OutputStream out = Files.newOutputStream(part)) {
                        copyVerified(in, out, file.sha256(), file.size(), file.resource() + " from " + artifact);
                    }
                    moveIntoPlace(part, target);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            writeAtomically(marker, file.sha256());
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot extract model file " + file.resource() + " into " + target.getParent() + ": " + e, e);
        }
    }

    /**
     * The SHA-256 of a file outside the cache (a user's own model), remembered in the cache against the file's
     * size and modification time so that a second start does not hash it again.
     */
    String digestOf(Path file) {
        try {
            Path absolute = file.toAbsolutePath().normalize();
            long size = Files.size(absolute);
            long modified = Files.getLastModifiedTime(absolute).toMillis();
            Path dir = root.resolve("digests");
            createPrivateDirectories(dir);
            Path record = dir.resolve(sha256(absolute.toString().getBytes(StandardCharsets.UTF_8)));
            String prefix = size + " " + modified + " ";
            if (Files.isRegularFile(record)) {
                String known = Files.readString(record, StandardCharsets.US_ASCII);
                if (known.startsWith(prefix) && known.length() == prefix.length() + 64) {
                    return known.substring(prefix.length());
                }
            }
            MessageDigest digest = newSha256();
            try (InputStream in = Files.newInputStream(absolute)) {
                byte[] buffer = new byte[1 << 16];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, read);
                }
            }
            String hex = HEX.formatHex(digest.digest());
            writeAtomically(record, prefix + hex);
            return hex;
        } catch (IOException e) {
            throw new UnavailableException("cannot read model file " + file + ": " + e, e);
        }
    }

    /**
     * Copies {@code in} to {@code out} while hashing it, and fails unless exactly {@code expectedSize} bytes
     * with the expected SHA-256 went through.
     */
    static void copyVerified(InputStream in, OutputStream out, String expectedSha256, long expectedSize, String what)
            throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, read);
            out.write(buffer, 0, read);
            total += read;
            if (total > expectedSize) {
                throw new InternalException(what + " is larger than the pinned " + expectedSize + " bytes");
            }
        }
        String actual = HEX.formatHex(digest.digest());
        if (total != expectedSize || !actual.equals(expectedSha256)) {
            throw new InternalException(what + " does not match its pinned checksum: expected SHA-256 " + expectedSha256
                    + " and " + expectedSize + " bytes, got " + actual + " and " + total + " bytes");
        }
    }

    static String sha256(byte[] bytes) {
        return HEX.formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static void createPrivateDirectories(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the user's profile folders are private already.
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot create cache folder " + dir + ": " + e, e);
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path part = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
        try {
            Files.writeString(part, content, StandardCharsets.US_ASCII);
            moveIntoPlace(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
