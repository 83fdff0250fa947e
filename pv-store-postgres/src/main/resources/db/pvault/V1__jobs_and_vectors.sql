-- personal-vault store, schema version 1 (see docs/FORMAT.md for the sealed formats).
--
-- Nothing in these tables is readable content: vectors are sealed (AES-256-GCM under a per-job result key),
-- the result key is wrapped (HPKE) to the user's public key, message ids are keyed hashes, content digests
-- are keyed, and error reasons name ids, sizes and exception types only.

CREATE TABLE jobs (
    job_id          uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL,
    batch_id        uuid        NOT NULL,
    model           text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    message_count   integer     NOT NULL CHECK (message_count >= 0),
    embedded_count  integer     NOT NULL DEFAULT 0,
    present_count   integer     NOT NULL DEFAULT 0,
    skipped_count   integer     NOT NULL DEFAULT 0,
    conflict_count  integer     NOT NULL DEFAULT 0,
    -- The job's result key wrapped to the user; NULL until the job wrote at least one vector.
    result_key      bytea,
    -- Why the last attempt failed, without content; NULL once DONE.
    error_reason    text        CHECK (length(error_reason) <= 500),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz
);

-- pvault status: message counts by state for one user.
CREATE INDEX jobs_by_user_state ON jobs (user_id, state);

CREATE TABLE vectors (
    user_id         uuid        NOT NULL,
    model           text        NOT NULL,
    message_id      bytea       NOT NULL CHECK (length(message_id) = 16),
    job_id          uuid        NOT NULL REFERENCES jobs (job_id),
    sealed          bytea       NOT NULL,
    -- Keyed digest of the embedded text and the id of the worker key it was derived from (ContentDigests).
    digest          bytea       NOT NULL CHECK (length(digest) = 16),
    digest_key_id   text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, model, message_id)
);

-- A client opening results looks up the wrapped key of each vector's job.
CREATE INDEX vectors_by_job ON vectors (job_id);
