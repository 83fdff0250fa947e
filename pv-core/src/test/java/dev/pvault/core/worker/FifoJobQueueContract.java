package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.crypto.JobDocument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a FIFO {@link JobQueue} promises beyond {@link JobQueueContract}: a user's jobs form one message group,
 * delivered in the order sent and one batch at a time (nothing more of a group while any of it is in flight), and
 * the job id deduplicates a job sent twice.
 */
public abstract class FifoJobQueueContract extends JobQueueContract {
    @Override
    boolean fifo() {
        return true;
    }

    private List<String> sendJobsOf(TestVault user, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(queue.send(jobOf(user)));
        }
        return ids;
    }

    @Test
    void isFifo() {
        assertThat(queue.fifo()).isTrue();
    }

    @Test
    void aUsersJobs_comeInTheOrderSent_oneBatchAtATime() {
        List<String> sent = sendJobsOf(newUser(), 4);

        List<QueuedJob> batch = queue.receive(2, NO_WAIT, LONG);
        assertThat(ids(batch)).containsExactly(sent.get(0), sent.get(1));
        assertThat(queue.receive(10, NO_WAIT, LONG))
                .as("the group is in flight")
                .isEmpty();

        queue.delete(batch.get(0));
        assertThat(queue.receive(10, NO_WAIT, LONG))
                .as("part of the group is in flight")
                .isEmpty();

        queue.delete(batch.get(1));
        assertThat(ids(queue.receive(10, NO_WAIT, LONG))).containsExactly(sent.get(2), sent.get(3));
    }

    @Test
    void aGroupInFlight_doesNotHoldUpOtherUsers() {
        TestVault ana = newUser();
        List<String> anas = sendJobsOf(ana, 2);
        assertThat(ids(queue.receive(10, NO_WAIT, LONG))).containsExactlyElementsOf(anas);

        String bens = queue.send(job());
        sendJobsOf(ana, 1);

        assertThat(ids(queue.receive(10, NO_WAIT, LONG))).containsExactly(bens);
    }

    @Test
    void aGroupWhoseVisibilityEnds_comesBackWhole_inOrder() {
        List<String> sent = sendJobsOf(newUser(), 3);
        assertThat(ids(queue.receive(10, NO_WAIT, SHORT))).containsExactlyElementsOf(sent);

        elapse(PAST_SHORT);
        List<QueuedJob> again = queue.receive(10, NO_WAIT, LONG);

        assertThat(ids(again)).containsExactlyElementsOf(sent);
        assertThat(again).allSatisfy(job -> assertThat(job.receiveCount()).isEqualTo(2));
    }

    @Test
    void releasingPartOfAGroup_keepsItInFlight_untilAllOfItIsBack() {
        List<String> sent = sendJobsOf(newUser(), 3);
        List<QueuedJob> batch = queue.receive(10, NO_WAIT, LONG);

        queue.release(batch.get(1));
        assertThat(queue.receive(10, NO_WAIT, LONG)).isEmpty();

        queue.release(batch.get(0));
        queue.release(batch.get(2));
        assertThat(ids(queue.receive(10, NO_WAIT, LONG))).containsExactlyElementsOf(sent);
    }

    @Test
    void aJobSentTwice_isQueuedOnce_evenAfterTheFirstIsDeleted() {
        JobDocument job = job();
        String id = queue.send(job);

        assertThat(queue.send(job)).isEqualTo(id);
        List<QueuedJob> received = queue.receive(10, NO_WAIT, LONG);
        assertThat(ids(received)).containsExactly(id);
        queue.delete(received.getFirst());

        // A client retrying within SQS's five-minute deduplication interval queues nothing new.
        queue.send(job);
        assertThat(queue.receive(10, NO_WAIT, LONG)).isEmpty();
    }
}
