package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings a store's schema up to the version this binary knows, with Flyway and the migrations in
 * {@code db/migration}. Refuses a store written by a newer Spotter (Flyway would otherwise ignore
 * the unknown "future" migrations and let this binary write rows the newer schema does not expect),
 * and refuses an SQLite file that some other program made.
 */
final class SchemaMigrator {
  static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaMigrator() {}

  static void migrate(Path file, DataSource dataSource, Duration busyTimeout) {
    refuseForeignDatabase(file, dataSource, busyTimeout);
    Flyway flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
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
          file
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

  /** An SQLite file with tables but no migration history was not made by Spotter. */
  private static void refuseForeignDatabase(
      Path file, DataSource dataSource, Duration busyTimeout) {
    boolean hasHistory = false;
    String someTable = null;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (name.equals(HISTORY_TABLE)) {
          hasHistory = true;
        } else if (someTable == null) {
          someTable = name;
        }
      }
    } catch (SQLException e) {
      throw StoreErrors.translate(file, "reading its schema", busyTimeout, e);
    }
    if (!hasHistory && someTable != null) {
      throw new SpotterException(
          "store.unreadable",
          file
              + " is an SQLite database but not a Spotter store (it has a table '"
              + someTable
              + "' and no schema history)");
    }
  }
}
