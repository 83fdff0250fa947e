package dev.pvault.aws;

import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.QueuedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A queue in a list: receive hands out everything not in flight; release and redelivery are explicit. */
final class InMemoryJobQueue implements JobQueue {
    private record Entry(String id, String body, Optional<String> group, int receives) {}

    private final Map<String, Entry> waiting = new LinkedHashMap<>();
    private final Map<String, Entry> inFlight = new LinkedHashMap<>();
    private final boolean fifo;
    final List<String> deleted = new ArrayList<>();

    InMemoryJobQueue(boolean fifo) {
        this.fifo = fifo;
    }

    @Override
    public synchronized String send(JobDocument job) {
        return add(job.toJson(), fifo ? Optional.of(job.userId().toString()) : Optional.empty());
    }

    synchronized String add(String body, Optional<String> group) {
        String id = UUID.randomUUID().toString();
        waiting.put(id, new Entry(id, body, group, 0));
        return id;
    }

    @Override
    public synchronized List<QueuedJob> receive(int max, Duration wait, Duration visibility) {
        List<QueuedJob> batch = new ArrayList<>();
        for (Entry entry : List.copyOf(waiting.values())) {
            if (batch.size() == max) {
                break;
            }
            waiting.remove(entry.id());
            Entry received = new Entry(entry.id(), entry.body(), entry.group(), entry.receives() + 1);
            inFlight.put(entry.id(), received);
            batch.add(new QueuedJob(
                    entry.id(), "receipt-" + entry.id(), entry.body(), received.receives(), entry.group()));
        }
        return batch;
    }

    @Override
    public synchronized void delete(QueuedJob job) {
        inFlight.remove(job.messageId());
        deleted.add(job.messageId());
    }

    @Override
    public synchronized void release(QueuedJob job) {
        Entry entry = inFlight.remove(job.messageId());
        if (entry != null) {
            waiting.put(entry.id(), entry);
        }
    }

    /** The visibility timeout ends for everything in flight. */
    synchronized void expireVisibility() {
        waiting.putAll(inFlight);
        inFlight.clear();
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    @Override
    public boolean fifo() {
        return fifo;
    }
}
