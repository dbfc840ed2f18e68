-- Spotter store, schema version 5, the same for SQLite and PostgreSQL: capture ids that make
-- recording and ingesting idempotent, and the tables a check split across workers shares.

-- The id a proxy gave an exchange when it captured it. Several proxies and stream consumers write
-- to one store; a batch delivered twice must be stored once. NULL for imported exchanges (NULLs
-- never collide in a unique index, in either database).
ALTER TABLE exchanges ADD COLUMN capture_id TEXT;
CREATE UNIQUE INDEX exchanges_by_capture ON exchanges (corpus_id, capture_id);

-- A distributed check: what the coordinator asks workers to replay. run_id is the id of its row
-- in runs.
CREATE TABLE check_jobs (
  run_id         TEXT    PRIMARY KEY,
  -- open, finished, failed
  state          TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  settings_json  TEXT    NOT NULL,
  created_us     BIGINT  NOT NULL,
  updated_us     BIGINT  NOT NULL
);

-- What a worker got back for one exchange; one row per exchange and run, whoever replayed it.
CREATE TABLE replay_results (
  run_id         TEXT    NOT NULL,
  exchange_id    TEXT    NOT NULL,
  partition_no   INTEGER NOT NULL,
  record_offset  BIGINT  NOT NULL,
  worker         TEXT    NOT NULL,
  result_json    TEXT    NOT NULL,
  PRIMARY KEY (run_id, exchange_id)
);

CREATE INDEX replay_results_in_order ON replay_results (run_id, partition_no, record_offset);

-- How far the workers came in each partition, written in the same transaction as the results.
CREATE TABLE replay_progress (
  run_id         TEXT    NOT NULL,
  partition_no   INTEGER NOT NULL,
  next_offset    BIGINT  NOT NULL,
  PRIMARY KEY (run_id, partition_no)
);
