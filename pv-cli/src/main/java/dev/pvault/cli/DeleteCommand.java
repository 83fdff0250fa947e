package dev.pvault.cli;

import dev.pvault.client.VaultClient;
import dev.pvault.core.UserException;
import dev.pvault.core.api.Deletion;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.UserKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pvault delete --chat C | --all}. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete one chat or everything. Removes the sealed batches (and the batch keys inside them), the"
                    + " sealed vectors and the job rows holding the keys that opened them, so nothing left can"
                    + " be read.",
            "",
            "--all also replaces your keys (same passphrase): any copy of the old data that survives anywhere,"
                    + " a backup or a disk's free blocks, can never be opened again. Jobs still queued are"
                    + " finished first."
        })
final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Target {
        @Option(names = "--chat", paramLabel = "C", required = true, description = "The chat to delete (exact name).")
        String chat;

        @Option(names = "--all", required = true, description = "Delete every message, vector and key of the vault.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    CommonOptions common;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    public Integer call() throws InterruptedException {
        Deletion deletion;
        try (VaultSession session =
                        VaultSession.open(common, OpenVault.Need.STORE, OpenVault.Need.BLOBS, OpenVault.Need.QUEUES);
                Passphrase secret = passphrase.read();
                UserKeys keys = session.unlock(secret)) {
            OpenVault vault = session.vault();
            VaultClient client = vault.client();
            finishPendingWork(vault, client);
            if (target.all) {
                deletion = client.deleteAll();
                // Fresh keys: no copy of the old data left anywhere opens again. The service learns the new key.
                client.register(vault.home()
                        .replaceUserKeys(secret.chars(), Argon2Settings.DEFAULT)
                        .userPublicKey());
            } else {
                deletion = client.deleteChat(target.chat, keys);
            }
        }
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("batches", deletion.batches());
            json.put("jobs", deletion.jobs());
            json.put("vectors", deletion.vectors());
            json.put("dead_letters", deletion.deadLetters());
            json.put("keys_replaced", target.all);
            new Output(common).json(json);
        } else {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Deleted %,d batches, %,d jobs and %,d vectors%s.%n",
                            deletion.batches(),
                            deletion.jobs(),
                            deletion.vectors(),
                            target.all ? "; your keys were replaced, so nothing of the old vault can be opened" : "");
        }
        return Main.EXIT_OK;
    }

    /** A job still queued would find its batch gone; in local mode the work is finished first. */
    private static void finishPendingWork(OpenVault vault, VaultClient client) throws InterruptedException {
        client.resendUnsent();
        if (!client.workPending()) {
            return;
        }
        if (!Drain.untilIdle(vault, client, WorkerOptions.defaults(), () -> {})) {
            throw new UserException("jobs of this vault are stuck in the queue; see 'pvault status' and try again");
        }
    }
}
