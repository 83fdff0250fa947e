-- personal-vault store, schema version 4: the public key each user registered with the vault service. Jobs
-- must carry it, so that nobody can have a user's vectors sealed to another key. Public keys only.

CREATE TABLE users (
    user_id         uuid        PRIMARY KEY,
    public_key      bytea       NOT NULL CHECK (length(public_key) = 32),
    registered_at   timestamptz NOT NULL
);
