-- personal-vault store, schema version 3: every finished job gets its place in its user's completion order, so
-- that a client can sync its sealed results incrementally ("everything after the last place I saw").
--
-- complete() takes a per-user advisory lock before it draws the next value, and commits holding it, so a
-- user's jobs become visible in the order of their places: a reader that has seen place N never later finds a
-- committed job with a smaller one.

CREATE SEQUENCE job_completion_order;

ALTER TABLE jobs ADD COLUMN completion_order bigint;

-- Jobs finished before this version, in the order they finished; the sequence goes on after them.
UPDATE jobs SET completion_order = numbered.place
FROM (SELECT job_id, row_number() OVER (ORDER BY finished_at, job_id) AS place FROM jobs WHERE state = 'DONE')
     AS numbered
WHERE jobs.job_id = numbered.job_id;
SELECT setval('job_completion_order', COALESCE((SELECT max(completion_order) FROM jobs), 0) + 1, false);

CREATE UNIQUE INDEX jobs_by_user_completion ON jobs (user_id, completion_order) WHERE completion_order IS NOT NULL;
