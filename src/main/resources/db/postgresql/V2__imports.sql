-- Spotter store, schema version 2, PostgreSQL flavour of db/sqlite/V2: which files went into which
-- corpus, so that importing the same file twice is noticed instead of silently doubling the corpus.

-- One row per successful file import. The rows of a corpus go when the corpus is deleted: a file
-- may then be imported afresh.
CREATE TABLE imports (
  id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  corpus_id    BIGINT  NOT NULL REFERENCES corpora (id) ON DELETE CASCADE,
  -- the file's name as it was imported (no directory)
  file_name    TEXT    NOT NULL,
  -- SHA-256 of the file's bytes, lower-case hex
  sha256       TEXT    NOT NULL,
  exchanges    BIGINT  NOT NULL,
  imported_us  BIGINT  NOT NULL
);

-- finding an earlier import of the same bytes into a corpus
CREATE INDEX imports_by_hash ON imports (corpus_id, sha256);
