package dev.pvault.core.worker;

import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The JobQueue contract against the in-memory queue, standard and FIFO, on a clock the tests move. */
class InMemoryJobQueueTest {
    private final TestClock clock = new TestClock();
    private final JobQueueContract.Adapter adapter = new JobQueueContract.Adapter() {
        @Override
        public JobQueue newQueue(boolean fifo) {
            return new InMemoryJobQueue(fifo, clock);
        }

        @Override
        public void elapse(Duration duration) {
            clock.advance(duration);
        }
    };

    @Nested
    class Standard extends JobQueueContract {
        @Override
        protected Adapter adapter() {
            return adapter;
        }
    }

    @Nested
    class Fifo extends FifoJobQueueContract {
        @Override
        protected Adapter adapter() {
            return adapter;
        }
    }
}
