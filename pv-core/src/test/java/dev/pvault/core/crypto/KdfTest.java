package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.UserException;
import dev.pvault.core.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key file's KDF (native Argon2id, BouncyCastle as the check) and the passphrase strength gate. */
class KdfTest {
    private static final byte[] SALT = "sixteen byte salt".substring(0, 16).getBytes(StandardCharsets.US_ASCII);

    @Test
    void nativeArgon2id_isAvailableHereAndAgreesWithBouncyCastle() {
        assertThat(Argon2id.nativeAvailable())
                .as("the bundled libargon2 loads on this platform")
                .isTrue();
        for (Argon2Settings settings : List.of(
                new Argon2Settings(1024, 1, 1), new Argon2Settings(2048, 3, 4), new Argon2Settings(4096, 2, 2))) {
            byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
            assertThat(Argon2id.nativeDerive(password, SALT, settings))
                    .as("%s", settings)
                    .isEqualTo(Argon2id.javaDerive(password, SALT, settings));
        }
    }

    @Test
    void newKeyFiles_getBitwardensDefaultCost() {
        assertThat(Argon2Settings.DEFAULT.memoryKiB()).isGreaterThanOrEqualTo(64 * 1024);
        assertThat(Argon2Settings.DEFAULT.iterations()).isGreaterThanOrEqualTo(3);
        assertThat(Argon2Settings.FORMAT_1_DEFAULT.weakerThanDefault()).isTrue();
        assertThat(Argon2Settings.DEFAULT.weakerThanDefault()).isFalse();
    }

    @Test
    void aKeyFileSealedWithTheOldDefaultStillOpensWithItsRecordedCosts() {
        try (UserKeys keys = UserKeys.generate(UserId.random())) {
            String old = UserKeyFile.seal(keys, "an old vault's phrase".toCharArray(), Argon2Settings.FORMAT_1_DEFAULT);
            assertThat(UserKeyFile.costs(old)).isEqualTo(Argon2Settings.FORMAT_1_DEFAULT);
            try (UserKeys opened = UserKeyFile.open(old, "an old vault's phrase".toCharArray())) {
                assertThat(opened.publicKey()).isEqualTo(keys.publicKey());
                // Re-sealing on unlock raises the costs and keeps the keys.
                String resealed =
                        UserKeyFile.seal(opened, "an old vault's phrase".toCharArray(), Argon2Settings.DEFAULT);
                assertThat(UserKeyFile.costs(resealed)).isEqualTo(Argon2Settings.DEFAULT);
            }
        }
    }

    @Test
    void strength_refusesWeakPassphrasesWithOneLine() {
        for (String weak : List.of("password1", "Summer2024!", "qwertyuiop", "iloveyou123", "pvault vault")) {
            assertThatThrownBy(() -> PassphraseStrength.requireStrong(weak.toCharArray(), List.of("pvault")))
                    .as(weak)
                    .isInstanceOf(UserException.class)
                    .hasMessageStartingWith("passphrase too weak: about 10^")
                    .hasMessageContaining("at least 10^10 needed")
                    .hasMessageNotContaining(weak)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void strength_acceptsLongRandomPassphrases() {
        for (String strong :
                List.of("correct horse battery staple", "velvet-orbit-lantern-quarry-fjord", "x7$Kq!2vLp#9mWz@")) {
            PassphraseStrength.Estimate estimate = PassphraseStrength.estimate(strong.toCharArray(), List.of());
            assertThat(estimate.strong()).as(strong + " " + estimate).isTrue();
            PassphraseStrength.requireStrong(strong.toCharArray(), List.of());
        }
    }

    @Test
    void strength_countsTheContextAgainstThePassphrase() {
        String name = "Wilhelmina Oyelaran-Stokes";
        PassphraseStrength.Estimate alone = PassphraseStrength.estimate(name.toCharArray(), List.of());
        PassphraseStrength.Estimate known =
                PassphraseStrength.estimate(name.toCharArray(), List.of("wilhelmina", "oyelaran", "stokes"));
        assertThat(known.guessesLog10()).isLessThan(alone.guessesLog10());
    }
}
