package dev.spotter.store;

/**
 * The few ways the SQL of the two databases differs. Everything else is one SQL text for both:
 * {@code INSERT ... ON CONFLICT}, {@code RETURNING}, {@code LIMIT} and {@code COALESCE} mean the
 * same in SQLite and PostgreSQL.
 */
enum Dialect {
  SQLITE(
      "an SQLite database",
      "classpath:db/sqlite",
      "MAX",
      // a write transaction (BEGIN IMMEDIATE) already holds the only write lock
      "",
      "",
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          + " ORDER BY name"),
  POSTGRESQL(
      "a PostgreSQL database",
      "classpath:db/postgresql",
      "GREATEST",
      " FOR SHARE",
      " FOR UPDATE SKIP LOCKED",
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
          + " AND table_type = 'BASE TABLE' ORDER BY table_name");

  /** Where the migrations both databases share live; see docs/store.md for the rule. */
  static final String COMMON_MIGRATIONS = "classpath:db/common";

  private final String aDatabase;
  private final String migrations;
  private final String greatest;
  private final String forShare;
  private final String forUpdateSkipLocked;
  private final String tablesQuery;

  Dialect(
      String aDatabase,
      String migrations,
      String greatest,
      String forShare,
      String forUpdateSkipLocked,
      String tablesQuery) {
    this.aDatabase = aDatabase;
    this.migrations = migrations;
    this.greatest = greatest;
    this.forShare = forShare;
    this.forUpdateSkipLocked = forUpdateSkipLocked;
    this.tablesQuery = tablesQuery;
  }

  /**
   * What makes a SELECT inside a write transaction hold the rows it read until the transaction
   * ends, so that no other transaction changes them meanwhile.
   */
  String forShare() {
    return forShare;
  }

  /**
   * What makes a SELECT inside a write transaction lock the rows it returns and pass over rows
   * another transaction has locked, so that several processes taking work from one table at once
   * each take different rows instead of waiting for one another.
   */
  String forUpdateSkipLocked() {
    return forUpdateSkipLocked;
  }

  /** "an SQLite database", "a PostgreSQL database": for messages. */
  String aDatabase() {
    return aDatabase;
  }

  /** Flyway's locations: this database's own V1..V4, then the shared ones. */
  String[] migrationLocations() {
    return new String[] {migrations, COMMON_MIGRATIONS};
  }

  /** The scalar function returning the larger of its arguments (SQLite's MAX is also that). */
  String greatest(String a, String b) {
    return greatest + "(" + a + ", " + b + ")";
  }

  /** Lists the tables of the store's schema, by name. */
  String tablesQuery() {
    return tablesQuery;
  }
}
