package dev.spotter.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Runs (checks, shadows) and canary runs, with the commands operators leave on the latter. */
final class RunTables {
  private final Sql sql;

  RunTables(Sql sql) {
    this.sql = sql;
  }

  String saveRun(StoredRun run) {
    Objects.requireNonNull(run.kind(), "run.kind");
    Objects.requireNonNull(run.startedAt(), "run.startedAt");
    long id =
        sql.insert(
            "saving a " + run.kind() + " run",
            "INSERT INTO runs (kind, source, started_us, finished_us, verdict, requests,"
                + " regressions, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ps -> {
              ps.setString(1, run.kind());
              ps.setString(2, run.source() == null ? "" : run.source());
              ps.setLong(3, ExchangeRows.toMicros(run.startedAt()));
              Sql.setMicros(ps, 4, run.finishedAt());
              ps.setString(5, run.verdict());
              ps.setLong(6, run.requests());
              ps.setLong(7, run.regressions());
              ps.setString(8, run.reportJson());
            });
    return Long.toString(id);
  }

  boolean updateRun(StoredRun run) {
    Objects.requireNonNull(run.id(), "run.id");
    Long rowId = rowId(run.id());
    if (rowId == null) {
      return false;
    }
    return sql.update(
            "updating run " + run.id(),
            "UPDATE runs SET source = ?, finished_us = ?, verdict = ?, requests = ?,"
                + " regressions = ?, report_json = ? WHERE id = ?",
            ps -> {
              ps.setString(1, run.source() == null ? "" : run.source());
              Sql.setMicros(ps, 2, run.finishedAt());
              ps.setString(3, run.verdict());
              ps.setLong(4, run.requests());
              ps.setLong(5, run.regressions());
              ps.setString(6, run.reportJson());
              ps.setLong(7, rowId);
            })
        > 0;
  }

  Optional<StoredRun> run(String id) {
    Long rowId = rowId(id);
    if (rowId == null) {
      return Optional.empty();
    }
    return sql.one(
        "reading run " + id,
        RUN_COLUMNS + ", report_json FROM runs WHERE id = ?",
        ps -> ps.setLong(1, rowId),
        rs -> storedRun(rs, true));
  }

  /** A run's id as its row id, or null when it cannot be one. */
  private static Long rowId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  List<StoredRun> recentRuns(int limit) {
    return sql.list(
        "listing runs",
        RUN_COLUMNS + " FROM runs ORDER BY started_us DESC, id DESC LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        rs -> storedRun(rs, false));
  }

  private static final String RUN_COLUMNS =
      "SELECT id, kind, source, started_us, finished_us, verdict, requests, regressions";

  private static StoredRun storedRun(ResultSet rs, boolean withReport) throws SQLException {
    return new StoredRun(
        Long.toString(rs.getLong("id")),
        rs.getString("kind"),
        rs.getString("source"),
        ExchangeRows.fromMicros(rs.getLong("started_us")),
        Sql.micros(rs, "finished_us"),
        rs.getString("verdict"),
        rs.getLong("requests"),
        rs.getLong("regressions"),
        withReport ? rs.getString("report_json") : null);
  }

  void saveCanary(StoredCanary c) {
    Objects.requireNonNull(c.name(), "canary.name");
    sql.update(
        "saving canary run " + c.name(),
        "INSERT INTO canary_runs (name, state, step_index, canary_basis_points, salt, started_us,"
            + " updated_us, pending_command, state_json) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)"
            + " ON CONFLICT (name) DO UPDATE SET state = excluded.state,"
            + " step_index = excluded.step_index,"
            + " canary_basis_points = excluded.canary_basis_points, salt = excluded.salt,"
            + " started_us = excluded.started_us, updated_us = excluded.updated_us,"
            + " state_json = excluded.state_json",
        ps -> {
          ps.setString(1, c.name());
          ps.setString(2, c.state());
          ps.setInt(3, c.stepIndex());
          ps.setInt(4, c.canaryBasisPoints());
          ps.setString(5, c.salt());
          ps.setLong(6, ExchangeRows.toMicros(c.startedAt()));
          ps.setLong(7, ExchangeRows.toMicros(c.updatedAt()));
          ps.setString(8, c.stateJson());
        });
  }

  Optional<StoredCanary> canary(String name) {
    return sql.one(
        "reading canary run " + name,
        CANARY_COLUMNS + " WHERE name = ?",
        ps -> ps.setString(1, name),
        RunTables::storedCanary);
  }

  List<StoredCanary> canaries(int limit) {
    return sql.list(
        "listing canary runs",
        CANARY_COLUMNS + " ORDER BY updated_us DESC, name LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        RunTables::storedCanary);
  }

  boolean leaveCanaryCommand(String name, String command) {
    return sql.update(
            "leaving a command on canary run " + name,
            "UPDATE canary_runs SET pending_command = ? WHERE name = ?",
            ps -> {
              ps.setString(1, command);
              ps.setString(2, name);
            })
        > 0;
  }

  Optional<String> takeCanaryCommand(String name) {
    String action = "taking the command left on canary run " + name;
    // polled several times a second: a plain read first, a write only when there is a command
    Optional<String> pending =
        sql.one(
            action,
            "SELECT pending_command FROM canary_runs WHERE name = ? AND pending_command IS NOT NULL",
            ps -> ps.setString(1, name),
            rs -> rs.getString(1));
    if (pending.isEmpty()) {
      return pending;
    }
    String command = pending.get();
    // Cleared only if it is still the command read: of two processes taking it at once, the
    // second finds it gone (PostgreSQL re-checks the condition once the first one's lock is
    // released) and gets nothing, so a command is acted on once.
    int taken =
        sql.update(
            action,
            "UPDATE canary_runs SET pending_command = NULL"
                + " WHERE name = ? AND pending_command = ?",
            ps -> {
              ps.setString(1, name);
              ps.setString(2, command);
            });
    return taken > 0 ? pending : Optional.empty();
  }

  private static final String CANARY_COLUMNS =
      "SELECT name, state, step_index, canary_basis_points, salt, started_us, updated_us,"
          + " pending_command, state_json FROM canary_runs";

  private static StoredCanary storedCanary(ResultSet rs) throws SQLException {
    return new StoredCanary(
        rs.getString("name"),
        rs.getString("state"),
        rs.getInt("step_index"),
        rs.getInt("canary_basis_points"),
        rs.getString("salt"),
        ExchangeRows.fromMicros(rs.getLong("started_us")),
        ExchangeRows.fromMicros(rs.getLong("updated_us")),
        rs.getString("pending_command"),
        rs.getString("state_json"));
  }
}
