-- Spotter store, schema version 1, PostgreSQL flavour of db/sqlite/V1: the same tables, columns,
-- indexes and constraints. Instants are epoch microseconds (UTC) in BIGINT columns named *_us;
-- durations are microseconds. Flags are INTEGER 0/1 as in SQLite, so that one SQL serves both.

-- Names sort and compare byte by byte (COLLATE "C"), as in SQLite, whatever the database's locale.
CREATE TABLE corpora (
  id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        TEXT    COLLATE "C" NOT NULL UNIQUE,
  created_us  BIGINT  NOT NULL,
  updated_us  BIGINT  NOT NULL
);

-- An identity column never hands out an id twice, as SQLite's AUTOINCREMENT: an id cited by an
-- old report never comes back for another exchange after a corpus is deleted.
CREATE TABLE exchanges (
  id                       BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  corpus_id                BIGINT  NOT NULL REFERENCES corpora (id) ON DELETE CASCADE,
  method                   TEXT    NOT NULL,
  url                      TEXT    NOT NULL,
  -- JSON array of [name, value] pairs, in wire order, duplicates kept
  request_headers          TEXT    NOT NULL,
  request_body             BYTEA   NOT NULL,
  request_body_size        BIGINT  NOT NULL,
  request_body_truncated   INTEGER NOT NULL CHECK (request_body_truncated IN (0, 1)),
  -- the response columns are all NULL when only the request is known
  response_status          INTEGER,
  response_headers         TEXT,
  response_body            BYTEA,
  response_body_size       BIGINT,
  response_body_truncated  INTEGER CHECK (response_body_truncated IN (0, 1)),
  started_us               BIGINT,
  duration_us              BIGINT  NOT NULL,
  source                   TEXT    NOT NULL
);

-- reading a corpus in recorded order, counting it, deleting it
CREATE INDEX exchanges_by_corpus ON exchanges (corpus_id, id);

CREATE TABLE runs (
  id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  started_us   BIGINT  NOT NULL,
  finished_us  BIGINT,
  verdict      TEXT,
  requests     BIGINT  NOT NULL,
  regressions  BIGINT  NOT NULL,
  report_json  TEXT
);

-- listing runs newest first (and, later, by kind)
CREATE INDEX runs_by_start ON runs (started_us DESC, id DESC);
CREATE INDEX runs_by_kind ON runs (kind, started_us DESC);
