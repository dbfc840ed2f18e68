package dev.spotter.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plumbing every table class of {@link JdbcStore} shares: one statement in a write transaction,
 * a query mapped row by row, and every failure translated by the {@link Database} into the store's
 * one-line error naming what Spotter was doing.
 */
final class Sql {
  private final Database db;

  Sql(Database db) {
    this.db = db;
  }

  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  interface RowsReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} in one write transaction, translating its failure. */
  <T> T write(String action, SqlWork<T> work) {
    try {
      return db.write(work);
    } catch (SQLException | RuntimeException e) {
      throw db.translate(action, e);
    }
  }

  /** Runs one INSERT ... RETURNING id in a write transaction; returns the id. */
  long insert(String action, String sql, Binder binder) {
    return write(
        action,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** Runs one statement in a write transaction; returns the rows it changed. */
  int update(String action, String sql, Binder binder) {
    return write(
        action,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
          }
        });
  }

  /** Every row of a query, each mapped. */
  <T> List<T> list(String action, String sql, Binder binder, RowMapper<T> row) {
    return query(
        action,
        sql,
        binder,
        rs -> {
          List<T> list = new ArrayList<>();
          while (rs.next()) {
            list.add(row.map(rs));
          }
          return list;
        });
  }

  /** The first row of a query, mapped, if there is one. */
  <T> Optional<T> one(String action, String sql, Binder binder, RowMapper<T> row) {
    return query(
        action, sql, binder, rs -> rs.next() ? Optional.of(row.map(rs)) : Optional.empty());
  }

  <T> T query(String action, String sql, Binder binder, RowsReader<T> reader) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              binder.bind(ps);
              try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
              }
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw db.translate(action, e);
    }
  }

  /** An instant stored as epoch microseconds, or null. */
  static Instant micros(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : ExchangeRows.fromMicros(v);
  }

  static void setMicros(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, ExchangeRows.toMicros(at));
    }
  }

  /** The rows a batch of {@code INSERT ... ON CONFLICT DO NOTHING} added. */
  static int added(int[] counts) {
    int added = 0;
    for (int n : counts) {
      if (n < 0) {
        // SUCCESS_NO_INFO: a driver rewrote the batch and cannot tell; never with these settings
        throw new IllegalStateException("the driver did not say which rows of a batch were new");
      }
      added += n;
    }
    return added;
  }
}
