package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings a store's schema up to the version this binary knows, with Flyway: the database's own
 * migrations ({@code db/sqlite} or {@code db/postgresql}) and the shared ones ({@code db/common}).
 * Refuses a store written by a newer Spotter (Flyway would otherwise ignore the unknown "future"
 * migrations and let this binary write rows the newer schema does not expect), and refuses a
 * database that some other program made.
 *
 * <p>Two processes opening one fresh PostgreSQL database at once are safe: Flyway takes an advisory
 * lock there, and the second finds the work done.
 */
final class SchemaMigrator {
  static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaMigrator() {}

  /**
   * @param where names the database in messages
   * @param translate turns a failure while doing an action into the store's error
   */
  static void migrate(
      Dialect dialect,
      String where,
      DataSource dataSource,
      BiFunction<String, Throwable, SpotterException> translate) {
    refuseForeignDatabase(dialect, where, dataSource, translate);
    Flyway flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations(dialect.migrationLocations())
            .table(HISTORY_TABLE)
            .load();
    MigrationVersion known = MigrationVersion.EMPTY;
    MigrationVersion newest = MigrationVersion.EMPTY;
    for (MigrationInfo info : flyway.info().all()) {
      if (info.getVersion() == null) {
        continue;
      }
      MigrationState state = info.getState();
      if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
        newest = max(newest, info.getVersion());
      } else if (state.isResolved()) {
        known = max(known, info.getVersion());
      }
    }
    if (newest.isNewerThan(known.getVersion())) {
      throw new SpotterException(
          "store.schema_newer",
          where
              + " has schema version "
              + newest
              + ", this Spotter knows up to "
              + known
              + "; upgrade Spotter");
    }
    flyway.migrate();
  }

  private static MigrationVersion max(MigrationVersion a, MigrationVersion b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A database with tables but no migration history was not made by Spotter. */
  private static void refuseForeignDatabase(
      Dialect dialect,
      String where,
      DataSource dataSource,
      BiFunction<String, Throwable, SpotterException> translate) {
    boolean hasHistory = false;
    String someTable = null;
    // one statement, so one snapshot: a Spotter opening the same fresh database at this moment
    // commits its history table before any other table, and is never taken for another program
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.tablesQuery())) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (name.equals(HISTORY_TABLE)) {
          hasHistory = true;
        } else if (someTable == null) {
          someTable = name;
        }
      }
    } catch (SQLException e) {
      throw translate.apply("reading its schema", e);
    }
    if (!hasHistory && someTable != null) {
      throw new SpotterException(
          "store.unreadable",
          where
              + " is "
              + dialect.aDatabase()
              + " but not a Spotter store (it has a table '"
              + someTable
              + "' and no schema history)");
    }
  }
}
