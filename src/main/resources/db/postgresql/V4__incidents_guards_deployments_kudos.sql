-- Spotter store, schema version 4, PostgreSQL flavour of db/sqlite/V4: learning from incidents.
-- Post-mortems, the guards that replay what broke production with every check, the deployments
-- DORA's figures are computed from, and the kudos log.

-- One post-mortem. The columns are what lists and filters need; the whole document (timeline,
-- factors, action items...) is JSON. `version` rises with every edit: an edit made against an
-- older version is refused, so two people editing at once never overwrite each other.
CREATE TABLE incidents (
  id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title        TEXT    NOT NULL,
  severity     TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  started_us   BIGINT,
  resolved_us  BIGINT,
  version      BIGINT  NOT NULL,
  created_us   BIGINT  NOT NULL,
  updated_us   BIGINT  NOT NULL,
  body_json    TEXT    NOT NULL
);

-- A request that reproduced an incident, and what the new build must answer to it.
CREATE TABLE guards (
  id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id   BIGINT  NOT NULL REFERENCES incidents (id),
  name          TEXT    NOT NULL,
  -- the request as Spotter JSONL writes an exchange's request
  request_json  TEXT    NOT NULL,
  -- the expectation's text form: same | status 200,201 | exists $.p | type $.p number | equals $.p V
  expectation   TEXT    NOT NULL,
  active        INTEGER NOT NULL,
  created_us    BIGINT  NOT NULL
);

CREATE TABLE deployments (
  id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version       TEXT    NOT NULL,
  commit_us     BIGINT,
  deployed_us   BIGINT  NOT NULL,
  -- success, rolled-back, hotfix, incident
  result        TEXT    NOT NULL,
  recovered_us  BIGINT,
  unplanned     INTEGER NOT NULL,
  -- cli or canary
  source        TEXT    NOT NULL
);

CREATE INDEX deployments_by_time ON deployments (deployed_us);

CREATE TABLE kudos (
  id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  who        TEXT    NOT NULL,
  what       TEXT    NOT NULL,
  at_us      BIGINT  NOT NULL,
  link       TEXT,
  -- person, or spotter for the entries Spotter adds itself
  source     TEXT    NOT NULL
);
