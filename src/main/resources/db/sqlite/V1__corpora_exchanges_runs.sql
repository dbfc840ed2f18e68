-- Spotter store, schema version 1.
-- Instants are epoch microseconds (UTC) in INTEGER columns named *_us; durations are microseconds.

CREATE TABLE corpora (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  created_us  INTEGER NOT NULL,
  updated_us  INTEGER NOT NULL
);

-- AUTOINCREMENT so that an id cited by an old report never comes back for another exchange
-- after a corpus is deleted.
CREATE TABLE exchanges (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  corpus_id                INTEGER NOT NULL REFERENCES corpora (id) ON DELETE CASCADE,
  method                   TEXT    NOT NULL,
  url                      TEXT    NOT NULL,
  -- JSON array of [name, value] pairs, in wire order, duplicates kept
  request_headers          TEXT    NOT NULL,
  request_body             BLOB    NOT NULL,
  request_body_size        INTEGER NOT NULL,
  request_body_truncated   INTEGER NOT NULL CHECK (request_body_truncated IN (0, 1)),
  -- the response columns are all NULL when only the request is known
  response_status          INTEGER,
  response_headers         TEXT,
  response_body            BLOB,
  response_body_size       INTEGER,
  response_body_truncated  INTEGER CHECK (response_body_truncated IN (0, 1)),
  started_us               INTEGER,
  duration_us              INTEGER NOT NULL,
  source                   TEXT    NOT NULL
);

-- reading a corpus in recorded order, counting it, deleting it
CREATE INDEX exchanges_by_corpus ON exchanges (corpus_id, id);

CREATE TABLE runs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  started_us   INTEGER NOT NULL,
  finished_us  INTEGER,
  verdict      TEXT,
  requests     INTEGER NOT NULL,
  regressions  INTEGER NOT NULL,
  report_json  TEXT
);

-- listing runs newest first (and, later, by kind)
CREATE INDEX runs_by_start ON runs (started_us DESC, id DESC);
CREATE INDEX runs_by_kind ON runs (kind, started_us DESC);
