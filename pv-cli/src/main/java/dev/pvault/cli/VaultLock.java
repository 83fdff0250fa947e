package dev.pvault.cli;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One pvault process per vault at a time: the local services keep their data in the home, and two copies
 * of them on one folder would corrupt it. An OS file lock, so a killed process leaves no stale lock behind.
 */
final class VaultLock implements AutoCloseable {
    static final String FILE = "local.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private VaultLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static VaultLock acquire(Path home) {
        Path file = home.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder =
                        Files.readString(file, StandardCharsets.US_ASCII).strip();
                channel.close();
                throw new UserException("the vault in " + home + " is in use by another pvault process"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; wait for it to finish or stop it");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            return new VaultLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            throw new UserException("the vault in " + home + " is in use (already open in this process)");
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new UnavailableException(
                    "cannot lock the vault in " + home + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ")",
                    e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
