package dev.pvault.client.importer;

import dev.pvault.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Bytes an importer can read more than once: the first pass decides (format, date order, schema), the second
 * reads. Tests use generated sources that never exist as a whole in memory.
 */
interface ExportSource {
    /** A name for messages and reports: the file name, no folders. */
    String name();

    /** The file this source reads, when it is one; chat names may come from its name and folder. */
    Path path();

    /** Opens the bytes from the start. */
    InputStream open() throws IOException;

    /**
     * Something that changes when the content does (size and modification time for a file); the second pass
     * refuses a source whose stamp moved since the first.
     */
    String stamp();

    static ExportSource of(Path file) {
        return new FileSource(file);
    }

    /** A file on disk. */
    record FileSource(Path path) implements ExportSource {
        @Override
        public String name() {
            Path fileName = path.getFileName();
            return fileName == null ? path.toString() : fileName.toString();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public String stamp() {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    throw new UserException(name() + ": not a regular file");
                }
                return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
            } catch (NoSuchFileException e) {
                throw new UserException(path + ": no such file");
            } catch (IOException e) {
                throw new UserException(path + ": cannot read: " + e.getClass().getSimpleName(), e);
            }
        }
    }
}
