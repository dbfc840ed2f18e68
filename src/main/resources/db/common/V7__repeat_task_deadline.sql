-- Spotter store, schema version 7, the same for SQLite and PostgreSQL: a repeat task carries when
-- its asks must start by. No ask of a task is started after ask_until_us (the end of the check's
-- time for asking again, in wall-clock microseconds): a worker then completes the task with the
-- answers it has, maybe none. Tasks written before this version had no such end; they keep none
-- (the largest value), so a coordinator of the earlier version still gets all its answers.
ALTER TABLE repeat_tasks ADD COLUMN ask_until_us BIGINT NOT NULL DEFAULT 9223372036854775807;
