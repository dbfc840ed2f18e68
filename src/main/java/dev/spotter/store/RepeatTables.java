package dev.spotter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The repeat tasks of a check split across workers: the requests its coordinator asks again, each
 * claimed by one worker at a time and completed once, with all its answers in the same transaction.
 * A worker that dies holding a task stops renewing its claim, and once the claim is older than the
 * job's claim timeout another worker may take the task, as Kafka gives a dead worker's partitions
 * to the others.
 */
final class RepeatTables {
  private final Database db;
  private final Sql sql;
  private final Clock clock;

  RepeatTables(Database db, Sql sql, Clock clock) {
    this.db = db;
    this.sql = sql;
    this.clock = clock;
  }

  int addRepeatTasks(String runId, List<RepeatTask> tasks) {
    Objects.requireNonNull(runId, "runId");
    if (tasks.isEmpty()) {
      return 0;
    }
    List<RepeatTask> byId = new ArrayList<>(tasks);
    byId.sort(Comparator.comparingLong(RepeatTask::taskId));
    return sql.write(
        "writing " + tasks.size() + " repeat tasks of run " + runId,
        c -> {
          if (!open(c, runId)) {
            return 0;
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO repeat_tasks (run_id, task_id, round_no, exchange_json, times,"
                      + " ask_until_us, claims) VALUES (?, ?, ?, ?, ?, ?, 0)"
                      + " ON CONFLICT (run_id, task_id) DO NOTHING")) {
            for (RepeatTask t : byId) {
              insert.setString(1, runId);
              insert.setLong(2, t.taskId());
              insert.setInt(3, t.round());
              insert.setString(4, t.exchangeJson());
              insert.setInt(5, t.times());
              insert.setLong(6, ExchangeRows.toMicros(t.askUntil()));
              insert.addBatch();
            }
            return Sql.added(insert.executeBatch());
          }
        });
  }

  /**
   * Takes the first tasks nobody holds, in task order: never claimed, or claimed longer ago than
   * {@code claimTimeout} and not renewed since. On PostgreSQL, tasks another transaction is
   * claiming at this moment are skipped rather than waited for, so that workers claiming at once
   * take different tasks; on SQLite the write transaction already holds the only write lock.
   */
  List<RepeatTask> claimRepeatTasks(String runId, String worker, int max, Duration claimTimeout) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      return List.of();
    }
    Instant now = clock.instant();
    long nowUs = ExchangeRows.toMicros(now);
    long staleUs = ExchangeRows.toMicros(now.minus(claimTimeout));
    return sql.write(
        "claiming repeat tasks of run " + runId,
        c -> {
          if (!open(c, runId)) {
            return List.of();
          }
          List<RepeatTask> found = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT task_id, round_no, exchange_json, times, ask_until_us FROM repeat_tasks"
                      + " WHERE run_id = ? AND done_us IS NULL"
                      + " AND (claimed_us IS NULL OR claimed_us < ?)"
                      + " ORDER BY task_id LIMIT ?"
                      + db.dialect().forUpdateSkipLocked())) {
            select.setString(1, runId);
            select.setLong(2, staleUs);
            select.setInt(3, max);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                found.add(
                    new RepeatTask(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getInt(4),
                        ExchangeRows.fromMicros(rs.getLong(5)),
                        worker,
                        now,
                        null));
              }
            }
          }
          if (found.isEmpty()) {
            return found;
          }
          try (PreparedStatement claim =
              c.prepareStatement(
                  "UPDATE repeat_tasks SET claimed_by = ?, claimed_us = ?, claims = claims + 1"
                      + " WHERE run_id = ? AND task_id = ?")) {
            for (RepeatTask t : found) {
              claim.setString(1, worker);
              claim.setLong(2, nowUs);
              claim.setString(3, runId);
              claim.setLong(4, t.taskId());
              claim.addBatch();
            }
            claim.executeBatch();
          }
          return found;
        });
  }

  int renewRepeatClaims(String runId, String worker, Collection<Long> taskIds) {
    if (taskIds.isEmpty()) {
      return 0;
    }
    List<Long> ids = new ArrayList<>(taskIds);
    ids.sort(Comparator.naturalOrder());
    long nowUs = ExchangeRows.toMicros(clock.instant());
    return sql.write(
        "renewing the claims of worker " + worker + " in run " + runId,
        c -> {
          try (PreparedStatement renew =
              c.prepareStatement(
                  "UPDATE repeat_tasks SET claimed_us = ? WHERE run_id = ? AND task_id = ?"
                      + " AND claimed_by = ? AND done_us IS NULL")) {
            for (long id : ids) {
              renew.setLong(1, nowUs);
              renew.setString(2, runId);
              renew.setLong(3, id);
              renew.setString(4, worker);
              renew.addBatch();
            }
            return Sql.added(renew.executeBatch());
          }
        });
  }

  /**
   * Marks the task done and stores its answers, unless it is done already (a worker that was only
   * slow completes a task another took over and completed first) or the job is closed: then nothing
   * is stored. The task's row is locked by the update before any answer goes in, so two workers
   * completing it at once cannot both store answers.
   */
  boolean completeRepeatTask(String runId, long taskId, String worker, List<RepeatAnswer> answers) {
    Objects.requireNonNull(worker, "worker");
    List<RepeatAnswer> byAsk = new ArrayList<>(answers);
    for (RepeatAnswer a : byAsk) {
      if (a.taskId() != taskId) {
        throw new IllegalArgumentException(
            "an answer of task " + a.taskId() + " given to complete task " + taskId);
      }
    }
    byAsk.sort(Comparator.comparingInt(RepeatAnswer::ask));
    long nowUs = ExchangeRows.toMicros(clock.instant());
    return sql.write(
        "storing the answers of repeat task " + taskId + " of run " + runId,
        c -> {
          if (!open(c, runId)) {
            return false;
          }
          try (PreparedStatement done =
              c.prepareStatement(
                  "UPDATE repeat_tasks SET done_us = ?, claimed_by = ?"
                      + " WHERE run_id = ? AND task_id = ? AND done_us IS NULL")) {
            done.setLong(1, nowUs);
            done.setString(2, worker);
            done.setString(3, runId);
            done.setLong(4, taskId);
            if (done.executeUpdate() == 0) {
              return false;
            }
          }
          if (!byAsk.isEmpty()) {
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO repeat_answers (run_id, exchange_id, task_id, ask_no, worker,"
                        + " result_json) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_id, exchange_id) DO NOTHING")) {
              for (RepeatAnswer a : byAsk) {
                insert.setString(1, runId);
                insert.setString(2, a.exchangeId());
                insert.setLong(3, taskId);
                insert.setInt(4, a.ask());
                insert.setString(5, a.worker());
                insert.setString(6, a.resultJson());
                insert.addBatch();
              }
              insert.executeBatch();
            }
          }
          return true;
        });
  }

  RepeatProgress repeatProgress(String runId) {
    return sql.query(
        "reading the repeat progress of run " + runId,
        "SELECT COUNT(*), COALESCE(SUM(claims), 0), COUNT(done_us) FROM repeat_tasks"
            + " WHERE run_id = ?",
        ps -> ps.setString(1, runId),
        rs -> {
          rs.next();
          return new RepeatProgress(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        });
  }

  int withdrawRepeatTasks(String runId, Duration claimTimeout) {
    long staleUs = ExchangeRows.toMicros(clock.instant().minus(claimTimeout));
    return sql.update(
        "withdrawing the repeat tasks of run " + runId,
        "DELETE FROM repeat_tasks WHERE run_id = ? AND done_us IS NULL"
            + " AND (claimed_us IS NULL OR claimed_us < ?)",
        ps -> {
          ps.setString(1, runId);
          ps.setLong(2, staleUs);
        });
  }

  /** Streams from a snapshot connection of its own, as replay results are read. */
  void forEachRepeatAnswer(String runId, int round, Consumer<RepeatAnswer> each) {
    Objects.requireNonNull(each, "each");
    String action = "reading the repeat answers of run " + runId + ", round " + round;
    Connection reader;
    try {
      reader = db.beginSnapshot();
    } catch (SQLException | RuntimeException e) {
      throw db.translate(action, e);
    }
    try (PreparedStatement select =
        reader.prepareStatement(
            "SELECT a.exchange_id, a.task_id, a.ask_no, a.worker, a.result_json"
                + " FROM repeat_answers a JOIN repeat_tasks t"
                + " ON t.run_id = a.run_id AND t.task_id = a.task_id"
                + " WHERE a.run_id = ? AND t.round_no = ?"
                + " ORDER BY a.task_id, a.ask_no, a.exchange_id")) {
      select.setFetchSize(db.fetchSize());
      select.setString(1, runId);
      select.setInt(2, round);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          each.accept(
              new RepeatAnswer(
                  rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw db.translate(action, e);
    } finally {
      db.endSnapshot(reader);
    }
  }

  /**
   * Whether the run's job is open, holding its row until the transaction ends so that the
   * coordinator cannot close it meanwhile. A run without a job counts as open, as for replay
   * results.
   */
  private boolean open(Connection c, String runId) throws SQLException {
    try (PreparedStatement state =
        c.prepareStatement(
            "SELECT state FROM check_jobs WHERE run_id = ?" + db.dialect().forShare())) {
      state.setString(1, runId);
      try (ResultSet rs = state.executeQuery()) {
        return !rs.next() || "open".equals(rs.getString(1));
      }
    }
  }
}
