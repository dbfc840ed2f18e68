-- Spotter store, schema version 6, the same for SQLite and PostgreSQL: the requests the coordinator
-- of a distributed check asks again, shared by its workers as tasks, and what the workers got back.

-- One request to send again, some times one after another. The coordinator writes a round's tasks
-- at once; a worker claims a few, renews its claim while it works, and completes each with all its
-- answers in one transaction. A claim not renewed for the job's claim timeout (its worker died) may
-- be taken by another worker; claims counts every claim, so that a coordinator watching sees
-- progress even before an answer is in.
CREATE TABLE repeat_tasks (
  run_id         TEXT    NOT NULL,
  -- numbered by the coordinator across the rounds of its run: the order answers are judged in
  task_id        BIGINT  NOT NULL,
  round_no       INTEGER NOT NULL,
  -- the request as Spotter's JSONL line (docs/formats.md), its id that of the exchange it repeats
  exchange_json  TEXT    NOT NULL,
  times          INTEGER NOT NULL,
  claims         INTEGER NOT NULL,
  claimed_by     TEXT,
  claimed_us     BIGINT,
  done_us        BIGINT,
  PRIMARY KEY (run_id, task_id)
);

-- The answers of a task, one row per ask. A sibling of replay_results rather than rows in it:
-- those are records of the stream, placed by partition and offset, counted for the progress of the
-- first pass and judged in stream order before any task exists; these belong to a task and are
-- judged round by round in task order. Like those, one row per (run, exchange id): the exchange id
-- is the repeated exchange's id with ~r<round>.<ask> appended.
CREATE TABLE repeat_answers (
  run_id         TEXT    NOT NULL,
  exchange_id    TEXT    NOT NULL,
  task_id        BIGINT  NOT NULL,
  ask_no         INTEGER NOT NULL,
  worker         TEXT    NOT NULL,
  result_json    TEXT    NOT NULL,
  PRIMARY KEY (run_id, exchange_id)
);

CREATE INDEX repeat_answers_in_order ON repeat_answers (run_id, task_id, ask_no);
