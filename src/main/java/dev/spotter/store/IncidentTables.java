package dev.spotter.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Post-mortems, the guards pinned to them, deployments and the kudos log. */
final class IncidentTables {
  private final Sql sql;

  IncidentTables(Sql sql) {
    this.sql = sql;
  }

  long saveIncident(StoredIncident i) {
    return sql.insert(
        "saving incident '" + i.title() + "'",
        "INSERT INTO incidents (title, severity, status, started_us, resolved_us, version,"
            + " created_us, updated_us, body_json) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setString(1, i.title());
          ps.setString(2, i.severity());
          ps.setString(3, i.status());
          Sql.setMicros(ps, 4, i.startedAt());
          Sql.setMicros(ps, 5, i.resolvedAt());
          ps.setLong(6, ExchangeRows.toMicros(i.createdAt()));
          ps.setLong(7, ExchangeRows.toMicros(i.updatedAt()));
          ps.setString(8, i.bodyJson());
        });
  }

  boolean updateIncident(StoredIncident i, long expectedVersion) {
    return sql.update(
            "updating incident " + i.id(),
            "UPDATE incidents SET title = ?, severity = ?, status = ?, started_us = ?,"
                + " resolved_us = ?, version = version + 1, updated_us = ?, body_json = ?"
                + " WHERE id = ? AND version = ?",
            ps -> {
              ps.setString(1, i.title());
              ps.setString(2, i.severity());
              ps.setString(3, i.status());
              Sql.setMicros(ps, 4, i.startedAt());
              Sql.setMicros(ps, 5, i.resolvedAt());
              ps.setLong(6, ExchangeRows.toMicros(i.updatedAt()));
              ps.setString(7, i.bodyJson());
              ps.setLong(8, i.id());
              ps.setLong(9, expectedVersion);
            })
        > 0;
  }

  Optional<StoredIncident> incident(long id) {
    return sql.one(
        "reading incident " + id,
        INCIDENT_COLUMNS + " WHERE id = ?",
        ps -> ps.setLong(1, id),
        IncidentTables::storedIncident);
  }

  List<StoredIncident> incidents() {
    return sql.list(
        "listing incidents",
        INCIDENT_COLUMNS + " ORDER BY COALESCE(started_us, created_us) DESC, id DESC",
        ps -> {},
        IncidentTables::storedIncident);
  }

  private static final String INCIDENT_COLUMNS =
      "SELECT id, title, severity, status, started_us, resolved_us, version, created_us,"
          + " updated_us, body_json FROM incidents";

  private static StoredIncident storedIncident(ResultSet rs) throws SQLException {
    return new StoredIncident(
        rs.getLong("id"),
        rs.getString("title"),
        rs.getString("severity"),
        rs.getString("status"),
        Sql.micros(rs, "started_us"),
        Sql.micros(rs, "resolved_us"),
        rs.getLong("version"),
        ExchangeRows.fromMicros(rs.getLong("created_us")),
        ExchangeRows.fromMicros(rs.getLong("updated_us")),
        rs.getString("body_json"));
  }

  long addGuard(StoredGuard g) {
    return sql.insert(
        "saving guard '" + g.name() + "'",
        "INSERT INTO guards (incident_id, name, request_json, expectation, active, created_us)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setLong(1, g.incidentId());
          ps.setString(2, g.name());
          ps.setString(3, g.requestJson());
          ps.setString(4, g.expectation());
          ps.setInt(5, g.active() ? 1 : 0);
          ps.setLong(6, ExchangeRows.toMicros(g.createdAt()));
        });
  }

  List<StoredGuard> guards(boolean activeOnly) {
    return sql.list(
        "listing guards",
        "SELECT id, incident_id, name, request_json, expectation, active, created_us FROM guards"
            + (activeOnly ? " WHERE active = 1" : "")
            + " ORDER BY id",
        ps -> {},
        rs ->
            new StoredGuard(
                rs.getLong("id"),
                rs.getLong("incident_id"),
                rs.getString("name"),
                rs.getString("request_json"),
                rs.getString("expectation"),
                rs.getInt("active") == 1,
                ExchangeRows.fromMicros(rs.getLong("created_us"))));
  }

  boolean setGuardActive(long id, boolean active) {
    return sql.update(
            "switching guard " + id,
            "UPDATE guards SET active = ? WHERE id = ?",
            ps -> {
              ps.setInt(1, active ? 1 : 0);
              ps.setLong(2, id);
            })
        > 0;
  }

  long recordDeployment(StoredDeployment d) {
    return sql.insert(
        "recording deployment " + d.version(),
        "INSERT INTO deployments (version, commit_us, deployed_us, result, recovered_us,"
            + " unplanned, source) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setString(1, d.version());
          Sql.setMicros(ps, 2, d.commitTime());
          ps.setLong(3, ExchangeRows.toMicros(d.deployedAt()));
          ps.setString(4, d.result());
          Sql.setMicros(ps, 5, d.recoveredAt());
          ps.setInt(6, d.unplanned() ? 1 : 0);
          ps.setString(7, d.source());
        });
  }

  List<StoredDeployment> deployments(Instant from, Instant to) {
    return sql.list(
        "listing deployments",
        "SELECT id, version, commit_us, deployed_us, result, recovered_us, unplanned, source"
            + " FROM deployments WHERE deployed_us >= ? AND deployed_us < ?"
            + " ORDER BY deployed_us, id",
        ps -> {
          ps.setLong(1, ExchangeRows.toMicros(from));
          ps.setLong(2, ExchangeRows.toMicros(to));
        },
        rs ->
            new StoredDeployment(
                rs.getLong("id"),
                rs.getString("version"),
                Sql.micros(rs, "commit_us"),
                ExchangeRows.fromMicros(rs.getLong("deployed_us")),
                rs.getString("result"),
                Sql.micros(rs, "recovered_us"),
                rs.getInt("unplanned") == 1,
                rs.getString("source")));
  }

  long addKudos(StoredKudos k) {
    return sql.insert(
        "saving kudos",
        "INSERT INTO kudos (who, what, at_us, link, source) VALUES (?, ?, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setString(1, k.who());
          ps.setString(2, k.what());
          ps.setLong(3, ExchangeRows.toMicros(k.at()));
          ps.setString(4, k.link());
          ps.setString(5, k.source());
        });
  }

  List<StoredKudos> kudos(int limit) {
    return sql.list(
        "listing kudos",
        "SELECT id, who, what, at_us, link, source FROM kudos ORDER BY at_us DESC, id DESC LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        rs ->
            new StoredKudos(
                rs.getLong("id"),
                rs.getString("who"),
                rs.getString("what"),
                ExchangeRows.fromMicros(rs.getLong("at_us")),
                rs.getString("link"),
                rs.getString("source")));
  }
}
