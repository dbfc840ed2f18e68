package dev.spotter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a check split across workers shares: its job, the results the workers stored (once per
 * exchange) and how far they came in each partition (only ever forward). Its repeat tasks are in
 * {@link RepeatTables}.
 */
final class CheckJobTables {
  private final Database db;
  private final Sql sql;
  private final Clock clock;

  CheckJobTables(Database db, Sql sql, Clock clock) {
    this.db = db;
    this.sql = sql;
    this.clock = clock;
  }

  void openCheckJob(StoredCheckJob job) {
    Objects.requireNonNull(job.runId(), "job.runId");
    Instant now = clock.instant();
    sql.update(
        "opening the distributed check of run " + job.runId(),
        "INSERT INTO check_jobs (run_id, state, source, settings_json, created_us, updated_us)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, job.runId());
          ps.setString(2, job.state() == null ? "open" : job.state());
          ps.setString(3, job.source());
          ps.setString(4, job.settingsJson());
          ps.setLong(5, ExchangeRows.toMicros(job.createdAt() == null ? now : job.createdAt()));
          ps.setLong(6, ExchangeRows.toMicros(job.updatedAt() == null ? now : job.updatedAt()));
        });
  }

  Optional<StoredCheckJob> checkJob(String runId) {
    return sql.one(
        "reading the distributed check of run " + runId,
        CHECK_JOB_COLUMNS + " WHERE run_id = ?",
        ps -> ps.setString(1, runId),
        CheckJobTables::storedCheckJob);
  }

  List<StoredCheckJob> openCheckJobs() {
    return sql.list(
        "listing open distributed checks",
        CHECK_JOB_COLUMNS + " WHERE state = 'open' ORDER BY created_us, run_id",
        ps -> {},
        CheckJobTables::storedCheckJob);
  }

  boolean touchCheckJob(String runId) {
    long now = ExchangeRows.toMicros(clock.instant());
    return sql.update(
            "telling the workers of run " + runId + " that its coordinator is at work",
            "UPDATE check_jobs SET updated_us = ? WHERE run_id = ? AND state = 'open'",
            ps -> {
              ps.setLong(1, now);
              ps.setString(2, runId);
            })
        > 0;
  }

  boolean closeCheckJob(String runId, String state) {
    if (!"finished".equals(state) && !"failed".equals(state)) {
      throw new IllegalArgumentException(
          "a distributed check closes as finished or failed, not '" + state + "'");
    }
    long now = ExchangeRows.toMicros(clock.instant());
    return sql.update(
            "closing the distributed check of run " + runId,
            // the settings go: they may hold a test token (--set-header), and nobody reads them
            // once the job is closed
            "UPDATE check_jobs SET state = ?, updated_us = ?, settings_json = '{}'"
                + " WHERE run_id = ? AND state = 'open'",
            ps -> {
              ps.setString(1, state);
              ps.setLong(2, now);
              ps.setString(3, runId);
            })
        > 0;
  }

  private static final String CHECK_JOB_COLUMNS =
      "SELECT run_id, state, source, settings_json, created_us, updated_us FROM check_jobs";

  private static StoredCheckJob storedCheckJob(ResultSet rs) throws SQLException {
    return new StoredCheckJob(
        rs.getString("run_id"),
        rs.getString("state"),
        rs.getString("source"),
        rs.getString("settings_json"),
        ExchangeRows.fromMicros(rs.getLong("created_us")),
        ExchangeRows.fromMicros(rs.getLong("updated_us")));
  }

  /**
   * Results go in by exchange id and progress by partition, whatever order the worker gave them:
   * two workers storing overlapping results then take their locks in the same order and cannot
   * deadlock.
   */
  int saveReplayResults(
      String runId, List<ReplayResult> results, List<PartitionProgress> progress) {
    Objects.requireNonNull(runId, "runId");
    if (results.isEmpty() && progress.isEmpty()) {
      return 0;
    }
    List<ReplayResult> byId = new ArrayList<>(results);
    byId.sort(Comparator.comparing(ReplayResult::exchangeId));
    List<PartitionProgress> byPartition = new ArrayList<>(progress);
    byPartition.sort(Comparator.comparingInt(PartitionProgress::partition));
    String forward = db.dialect().greatest("replay_progress.next_offset", "excluded.next_offset");
    return sql.write(
        "saving " + results.size() + " replay results of run " + runId,
        c -> {
          // answers that come after the coordinator closed the job (a late worker) are dropped:
          // the coordinator has judged and deleted what there was, and nobody would delete them
          try (PreparedStatement state =
              c.prepareStatement(
                  "SELECT state FROM check_jobs WHERE run_id = ?" + db.dialect().forShare())) {
            state.setString(1, runId);
            try (ResultSet rs = state.executeQuery()) {
              if (rs.next() && !"open".equals(rs.getString(1))) {
                return 0;
              }
            }
          }
          int added = 0;
          if (!byId.isEmpty()) {
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO replay_results (run_id, exchange_id, partition_no, record_offset,"
                        + " worker, result_json) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_id, exchange_id) DO NOTHING")) {
              for (ReplayResult r : byId) {
                insert.setString(1, runId);
                insert.setString(2, r.exchangeId());
                insert.setInt(3, r.partition());
                insert.setLong(4, r.offset());
                insert.setString(5, r.worker());
                insert.setString(6, r.resultJson());
                insert.addBatch();
              }
              added = Sql.added(insert.executeBatch());
            }
          }
          if (!byPartition.isEmpty()) {
            try (PreparedStatement upsert =
                c.prepareStatement(
                    "INSERT INTO replay_progress (run_id, partition_no, next_offset)"
                        + " VALUES (?, ?, ?) ON CONFLICT (run_id, partition_no) DO UPDATE"
                        + " SET next_offset = "
                        + forward)) {
              for (PartitionProgress p : byPartition) {
                upsert.setString(1, runId);
                upsert.setInt(2, p.partition());
                upsert.setLong(3, p.nextOffset());
                upsert.addBatch();
              }
              upsert.executeBatch();
            }
          }
          return added;
        });
  }

  Map<Integer, Long> replayProgress(String runId) {
    return sql.query(
        "reading the replay progress of run " + runId,
        "SELECT partition_no, next_offset FROM replay_progress WHERE run_id = ?"
            + " ORDER BY partition_no",
        ps -> ps.setString(1, runId),
        rs -> {
          Map<Integer, Long> progress = new TreeMap<>();
          while (rs.next()) {
            progress.put(rs.getInt(1), rs.getLong(2));
          }
          return progress;
        });
  }

  long replayResultCount(String runId) {
    return sql.query(
        "counting the replay results of run " + runId,
        "SELECT COUNT(*) FROM replay_results WHERE run_id = ?",
        ps -> ps.setString(1, runId),
        rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  /**
   * Streams from a snapshot connection of its own, so that writers go on meanwhile. An exception
   * thrown by {@code each} ends the stream and reaches the caller as it is.
   */
  void forEachReplayResult(String runId, Consumer<ReplayResult> each) {
    Objects.requireNonNull(each, "each");
    Connection reader;
    try {
      reader = db.beginSnapshot();
    } catch (SQLException | RuntimeException e) {
      throw db.translate("reading the replay results of run " + runId, e);
    }
    try (PreparedStatement select =
        reader.prepareStatement(
            "SELECT exchange_id, partition_no, record_offset, worker, result_json"
                + " FROM replay_results WHERE run_id = ?"
                + " ORDER BY partition_no, record_offset, exchange_id")) {
      select.setFetchSize(db.fetchSize());
      select.setString(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          each.accept(
              new ReplayResult(
                  rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw db.translate("reading the replay results of run " + runId, e);
    } finally {
      db.endSnapshot(reader);
    }
  }

  long deleteReplayResults(String runId) {
    return sql.write(
        "deleting the replay results of run " + runId,
        c -> {
          try (PreparedStatement progress =
              c.prepareStatement("DELETE FROM replay_progress WHERE run_id = ?")) {
            progress.setString(1, runId);
            progress.executeUpdate();
          }
          long gone = 0;
          // the repeat tasks and their answers go with the results: nobody reads them any more
          for (String table : List.of("repeat_tasks", "repeat_answers", "replay_results")) {
            try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
              delete.setString(1, runId);
              int n = delete.executeUpdate();
              gone += table.equals("repeat_tasks") ? 0 : n;
            }
          }
          return gone;
        });
  }
}
