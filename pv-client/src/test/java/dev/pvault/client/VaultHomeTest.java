package dev.pvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.WrongPassphraseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultHomeTest {
    private static final Argon2Settings FAST = new Argon2Settings(1024, 1, 1);
    private static final char[] PASSPHRASE = "a long passphrase".toCharArray();

    @TempDir
    Path dir;

    @Test
    void create_writesAPrivateCompleteHome() throws IOException {
        VaultHome home = VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST);
        Path root = home.root();
        assertThat(root.resolve(VaultHome.DESCRIPTOR)).isRegularFile();
        assertThat(root.resolve(VaultHome.USER_KEY_FILE)).isRegularFile();
        assertThat(root.resolve(VaultHome.WORKER_KEYS_FILE)).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(VaultHome.USER_KEY_FILE))))
                .isEqualTo("rw-------");
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(root); // no staging folder left behind
        }
    }

    @Test
    void open_readsWhatCreateWrote_andUnlocksWithThePassphrase() throws IOException {
        VaultHome created = VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST);
        VaultHome opened = VaultHome.open(dir.resolve("vault"));
        assertThat(opened.descriptor()).isEqualTo(created.descriptor());
        try (UserKeys keys = opened.unlock(PASSPHRASE)) {
            assertThat(keys.userId()).isEqualTo(created.userId());
            assertThat(keys.publicKey()).isEqualTo(opened.userPublicKey());
            String keyFile = Files.readString(opened.root().resolve(VaultHome.USER_KEY_FILE));
            assertThat(keyFile)
                    .doesNotContain(
                            Base64.getEncoder().encodeToString(keys.keyPair().exportPrivateKey()));
        }
        assertThat(opened.workerKeyring().current().keyId().hex())
                .isEqualTo(created.descriptor().workerKeyId());
    }

    @Test
    void unlock_rejectsAWrongPassphrase() {
        VaultHome home = VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST);
        assertThatThrownBy(() -> home.unlock("not the passphrase".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);
    }

    @Test
    void create_refusesAnExistingVaultAndANonEmptyFolder() throws IOException {
        VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST);
        String before = Files.readString(dir.resolve("vault").resolve(VaultHome.DESCRIPTOR));
        assertThatThrownBy(() -> VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(dir.resolve("vault").resolve(VaultHome.DESCRIPTOR)))
                .isEqualTo(before);

        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/notes.txt"), "mine");
        assertThatThrownBy(() -> VaultHome.create(dir.resolve("busy"), PASSPHRASE, FAST))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("not empty");
        assertThat(dir.resolve("busy/notes.txt")).hasContent("mine");
    }

    @Test
    void create_acceptsAnEmptyFolder() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        VaultHome home = VaultHome.create(dir.resolve("empty"), PASSPHRASE, FAST);
        assertThat(home.root().resolve(VaultHome.DESCRIPTOR)).isRegularFile();
    }

    @Test
    void open_explainsAMissingOrDamagedVault() throws IOException {
        assertThatThrownBy(() -> VaultHome.open(dir.resolve("nothing")))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("pvault init");
        VaultHome home = VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST);
        Files.writeString(home.root().resolve(VaultHome.DESCRIPTOR), "{ half a file");
        assertThatThrownBy(() -> VaultHome.open(home.root()))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("damaged");
    }
}
