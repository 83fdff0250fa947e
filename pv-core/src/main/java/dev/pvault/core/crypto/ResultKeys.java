package dev.pvault.core.crypto;

import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.util.List;

/**
 * The per-job result key, wrapped to the user's public key and stored once per job (docs/FORMAT.md,
 * "Result key"). The worker generates it, seals the job's vectors, wraps it and forgets it: after the job
 * only the user can open those vectors, the worker included.
 */
public final class ResultKeys {
    private ResultKeys() {}

    public static byte[] wrapToUser(DataKey resultKey, UserId user, JobId job, RecipientPublicKey userKey) {
        return WrappedKeys.wrap(resultKey, userKey, WrapContexts.resultKeyToUser(user, job));
    }

    /** The caller closes the returned key. */
    public static DataKey unwrap(byte[] wrapped, UserId user, JobId job, RecipientKeyPair userKey) {
        return WrappedKeys.unwrap(
                wrapped,
                List.of(userKey),
                WrapContexts.resultKeyToUser(user, job),
                "result key of job " + job + " of user " + user);
    }
}
