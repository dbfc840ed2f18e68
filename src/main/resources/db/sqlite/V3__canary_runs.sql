-- Spotter store, schema version 3: canary runs, so that a restarted `spotter canary` resumes the
-- run it was in (same step, same users on the canary) instead of forgetting it, and so that
-- `spotter canary status|promote|abort` can reach a run from another process.

CREATE TABLE canary_runs (
  -- chosen by the operator (or derived from the canary URL); a run is resumed by its name
  name                 TEXT    PRIMARY KEY,
  -- running, paused, promoted, rolled_back, aborted
  state                TEXT    NOT NULL,
  step_index           INTEGER NOT NULL,
  -- share of the 10,000 routing buckets on the canary now
  canary_basis_points  INTEGER NOT NULL,
  -- mixed into the routing hash: the same salt keeps the same users on the canary after a restart
  salt                 TEXT    NOT NULL,
  started_us           INTEGER NOT NULL,
  -- written at every look of the judge: how an operator command tells a live run from a dead one
  updated_us           INTEGER NOT NULL,
  -- promote or abort, left by `spotter canary promote|abort` for the running process to act on
  pending_command      TEXT,
  -- the run's whole record (steps, judgements, timeline) as JSON
  state_json           TEXT    NOT NULL
);
