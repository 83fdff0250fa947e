package dev.pvault.core.worker;

import dev.pvault.core.model.MessageId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one attempt of a job hands to the store to finish it, in one transaction.
 *
 * @param ticket the job
 * @param vectors the vectors this attempt made, sealed under one fresh result key
 * @param resultKey that key wrapped to the user; present exactly when {@code vectors} is not empty
 * @param alreadyPresent messages the attempt found already stored
 * @param skipped messages not embedded (media)
 */
public record JobResult(
        JobTicket ticket,
        List<NewVector> vectors,
        Optional<WrappedResultKey> resultKey,
        int alreadyPresent,
        int skipped) {

    public JobResult {
        Objects.requireNonNull(ticket, "ticket");
        vectors = List.copyOf(vectors);
        Objects.requireNonNull(resultKey, "resultKey");
        if (vectors.isEmpty() == resultKey.isPresent()) {
            throw new IllegalArgumentException("a result key comes with vectors, and only with vectors (job "
                    + ticket.jobId() + ": " + vectors.size() + " vectors)");
        }
        Set<MessageId> seen = new HashSet<>();
        for (NewVector vector : vectors) {
            if (!seen.add(vector.messageId())) {
                throw new IllegalArgumentException(
                        "job " + ticket.jobId() + " has two vectors for message " + vector.messageId());
            }
        }
    }
}
