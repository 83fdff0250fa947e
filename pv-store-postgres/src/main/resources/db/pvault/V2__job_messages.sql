-- personal-vault store, schema version 2: the keyed message ids of every job, recorded when the client queues
-- it, so that an import asks which of its messages the vault already has instead of opening every batch.
--
-- Message ids are HMACs under a key only the user holds (docs/FORMAT.md, "Message ids"): they name a message
-- without revealing it, as the vectors table's message_id column already does.

CREATE TABLE job_messages (
    job_id          uuid        NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    message_id      bytea       NOT NULL CHECK (length(message_id) = 16),
    PRIMARY KEY (job_id, message_id)
);

-- An import looks its candidate ids up, then checks the jobs they belong to.
CREATE INDEX job_messages_by_message ON job_messages (message_id);
