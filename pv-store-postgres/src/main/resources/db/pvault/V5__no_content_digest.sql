-- personal-vault store, schema version 5 (format v2): the content digest is gone.
--
-- vectors.digest was an HMAC of each embedded text keyed by the worker's private key, so whoever held that
-- key and this table (the cloud operator holds both) could confirm a guessed text for any stored message.
-- It only ever told "same id, other content", which a client that follows the format cannot produce (the id
-- is a keyed hash of that content); the primary key already keeps the first vector. Dropping the columns
-- also drops every digest stored before (docs/FORMAT.md, "Content digest: removed").

ALTER TABLE vectors DROP COLUMN digest;
ALTER TABLE vectors DROP COLUMN digest_key_id;
ALTER TABLE jobs DROP COLUMN conflict_count;

-- DROP COLUMN only hides a column: its bytes stay in the table's pages until each row is rewritten. CLUSTER
-- rewrites the whole table now, with dropped columns set to null (it may run inside Flyway's transaction,
-- unlike VACUUM FULL). The old files' blocks and WAL segments are left to PostgreSQL and the file system.
CLUSTER vectors USING vectors_pkey;
CLUSTER jobs USING jobs_pkey;
