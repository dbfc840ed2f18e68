package dev.spotter.store;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link Store} in one SQLite file. Durable by construction: write-ahead log, {@code
 * synchronous=FULL} (a committed transaction survives a crash of the process and of the machine), a
 * busy timeout so that a second Spotter waits for a lock instead of failing at once, and write
 * transactions that take the write lock when they begin ({@code BEGIN IMMEDIATE}) so that two
 * writers never deadlock half-way.
 *
 * <p>One connection serves writes and small look-ups and is used by one thread at a time; each
 * {@link #read} opens a connection of its own, so a long read does not block appends (WAL gives it
 * a stable snapshot).
 */
public final class SqliteStore implements Store {
  /** How long an operation waits for a lock held by another process before giving up. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  private final Path file;
  private final Duration busyTimeout;
  private final Clock clock;
  private final SQLiteDataSource readers;
  private final Connection connection;
  private boolean closed;

  private SqliteStore(
      Path file, Duration busyTimeout, Clock clock, SQLiteDataSource readers, Connection c) {
    this.file = file;
    this.busyTimeout = busyTimeout;
    this.clock = clock;
    this.readers = readers;
    this.connection = c;
  }

  /** Opens (creating it and its directories when needed) the store at {@code file}. */
  public static SqliteStore open(Path file) {
    return open(file, DEFAULT_BUSY_TIMEOUT, Clock.systemUTC());
  }

  /**
   * Opens the store at {@code file}, waiting at most {@code busyTimeout} for locks held by other
   * processes, and stamping corpora with times from {@code clock}.
   *
   * @throws SpotterException {@code store.unwritable} when the directory cannot be created, {@code
   *     store.unreadable} when the file is not a Spotter store, {@code store.schema_newer} when a
   *     newer Spotter wrote it, {@code store.locked} when another process holds it too long
   */
  public static SqliteStore open(Path file, Duration busyTimeout, Clock clock) {
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Path path = StoreFile.prepare(file);
    SQLiteDataSource writers =
        dataSource(path, busyTimeout, SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource readers = dataSource(path, busyTimeout, SQLiteConfig.TransactionMode.DEFERRED);
    Connection connection = null;
    try {
      SchemaMigrator.migrate(path, writers, busyTimeout);
      connection = writers.getConnection();
      LOG.debug("opened store {}", path);
      return new SqliteStore(path, busyTimeout, clock, readers, connection);
    } catch (RuntimeException | SQLException e) {
      closeQuietly(connection);
      throw StoreErrors.translate(path, "opening it", busyTimeout, e);
    }
  }

  private static SQLiteDataSource dataSource(
      Path path, Duration busyTimeout, SQLiteConfig.TransactionMode mode) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setTransactionMode(mode);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + path);
    return ds;
  }

  /** The absolute path of the database file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized List<String> append(String corpus, List<Exchange> exchanges) {
    Objects.requireNonNull(corpus, "corpus");
    ensureOpen();
    if (exchanges.isEmpty()) {
      return List.of();
    }
    String action = "appending " + exchanges.size() + " exchanges to corpus '" + corpus + "'";
    try {
      return inTransaction(
          () -> {
            long corpusId = touchCorpus(corpus);
            List<String> ids = new ArrayList<>(exchanges.size());
            try (PreparedStatement insert = connection.prepareStatement(ExchangeRows.INSERT)) {
              for (Exchange exchange : exchanges) {
                ExchangeRows.bind(insert, corpusId, exchange);
                try (ResultSet rs = insert.executeQuery()) {
                  rs.next();
                  ids.add(Long.toString(rs.getLong(1)));
                }
              }
            }
            return ids;
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, action, busyTimeout, e);
    }
  }

  /**
   * Creates the corpus or marks it updated; returns its id. Runs inside the caller's transaction.
   */
  private long touchCorpus(String corpus) throws SQLException {
    long now = ExchangeRows.toMicros(clock.instant());
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO corpora (name, created_us, updated_us) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET updated_us = excluded.updated_us"
                + " RETURNING id")) {
      upsert.setString(1, corpus);
      upsert.setLong(2, now);
      upsert.setLong(3, now);
      try (ResultSet rs = upsert.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public ExchangeCursor read(String corpus) {
    Objects.requireNonNull(corpus, "corpus");
    synchronized (this) {
      ensureOpen();
    }
    Connection reader = null;
    try {
      reader = readers.getConnection();
      // One read transaction for the count and the rows: the count matches what is streamed.
      execute(reader, "BEGIN");
      long corpusId;
      long count;
      try (PreparedStatement find =
          reader.prepareStatement(
              "SELECT c.id, (SELECT COUNT(*) FROM exchanges e WHERE e.corpus_id = c.id)"
                  + " FROM corpora c WHERE c.name = ?")) {
        find.setString(1, corpus);
        try (ResultSet rs = find.executeQuery()) {
          if (!rs.next()) {
            throw noSuchCorpus(corpus, reader);
          }
          corpusId = rs.getLong(1);
          count = rs.getLong(2);
        }
      }
      PreparedStatement select = reader.prepareStatement(ExchangeRows.SELECT_CORPUS);
      select.setLong(1, corpusId);
      ResultSet rows = select.executeQuery();
      return new SqliteExchangeCursor(file, corpus, busyTimeout, reader, select, rows, count);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(reader);
      throw StoreErrors.translate(file, "reading corpus '" + corpus + "'", busyTimeout, e);
    }
  }

  private SpotterException noSuchCorpus(String corpus, Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM corpora ORDER BY name LIMIT 11")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    String known =
        names.isEmpty()
            ? "it has no corpora yet"
            : "it has "
                + String.join(", ", names.subList(0, Math.min(10, names.size())))
                + (names.size() > 10 ? ", ..." : "");
    return new SpotterException(
        "store.no_such_corpus", "no corpus named '" + corpus + "' in " + file + "; " + known);
  }

  @Override
  public synchronized Optional<CorpusInfo> corpus(String name) {
    ensureOpen();
    return one(
        "reading corpus '" + name + "'",
        CORPUS_INFO + " WHERE c.name = ?",
        ps -> ps.setString(1, name),
        SqliteStore::corpusInfo);
  }

  @Override
  public synchronized List<CorpusInfo> corpora() {
    ensureOpen();
    return list(
        "listing corpora", CORPUS_INFO + " ORDER BY c.name", ps -> {}, SqliteStore::corpusInfo);
  }

  private static final String CORPUS_INFO =
      "SELECT c.name, (SELECT COUNT(*) FROM exchanges e WHERE e.corpus_id = c.id),"
          + " c.created_us, c.updated_us FROM corpora c";

  private static CorpusInfo corpusInfo(ResultSet rs) throws SQLException {
    return new CorpusInfo(
        rs.getString(1),
        rs.getLong(2),
        ExchangeRows.fromMicros(rs.getLong(3)),
        ExchangeRows.fromMicros(rs.getLong(4)));
  }

  @Override
  public synchronized boolean deleteCorpus(String name) {
    ensureOpen();
    try {
      return inTransaction(
          () -> {
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM corpora WHERE name = ?")) {
              delete.setString(1, name);
              return delete.executeUpdate() > 0;
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, "deleting corpus '" + name + "'", busyTimeout, e);
    }
  }

  @Override
  public synchronized Optional<ImportRecord> findImport(String corpus, String sha256) {
    ensureOpen();
    return query(
        "looking up earlier imports into corpus '" + corpus + "'",
        "SELECT i.file_name, i.sha256, i.exchanges, i.imported_us FROM imports i"
            + " JOIN corpora c ON c.id = i.corpus_id WHERE c.name = ? AND i.sha256 = ?"
            + " ORDER BY i.imported_us DESC, i.id DESC LIMIT 1",
        ps -> {
          ps.setString(1, corpus);
          ps.setString(2, sha256);
        },
        rs ->
            rs.next()
                ? Optional.of(
                    new ImportRecord(
                        corpus,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        ExchangeRows.fromMicros(rs.getLong(4))))
                : Optional.empty());
  }

  @Override
  public synchronized ImportRecord recordImport(
      String corpus, String fileName, String sha256, long exchanges) {
    Objects.requireNonNull(corpus, "corpus");
    ensureOpen();
    // kept to the microsecond, as stored, so the record returned equals the one found later
    Instant now = ExchangeRows.fromMicros(ExchangeRows.toMicros(clock.instant()));
    ImportRecord record = new ImportRecord(corpus, fileName, sha256, exchanges, now);
    try {
      return inTransaction(
          () -> {
            long corpusId = touchCorpus(corpus);
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO imports (corpus_id, file_name, sha256, exchanges, imported_us)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
              insert.setLong(1, corpusId);
              insert.setString(2, fileName);
              insert.setString(3, sha256);
              insert.setLong(4, exchanges);
              insert.setLong(5, ExchangeRows.toMicros(now));
              insert.executeUpdate();
            }
            return record;
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(
          file,
          "recording the import of " + fileName + " into corpus '" + corpus + "'",
          busyTimeout,
          e);
    }
  }

  @Override
  public synchronized String saveRun(StoredRun run) {
    ensureOpen();
    Objects.requireNonNull(run.kind(), "run.kind");
    Objects.requireNonNull(run.startedAt(), "run.startedAt");
    try {
      return inTransaction(
          () -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO runs (kind, source, started_us, finished_us, verdict, requests,"
                        + " regressions, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING id")) {
              insert.setString(1, run.kind());
              insert.setString(2, run.source() == null ? "" : run.source());
              insert.setLong(3, ExchangeRows.toMicros(run.startedAt()));
              if (run.finishedAt() == null) {
                insert.setNull(4, java.sql.Types.INTEGER);
              } else {
                insert.setLong(4, ExchangeRows.toMicros(run.finishedAt()));
              }
              insert.setString(5, run.verdict());
              insert.setLong(6, run.requests());
              insert.setLong(7, run.regressions());
              insert.setString(8, run.reportJson());
              try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return Long.toString(rs.getLong(1));
              }
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, "saving a " + run.kind() + " run", busyTimeout, e);
    }
  }

  @Override
  public synchronized boolean updateRun(StoredRun run) {
    ensureOpen();
    Objects.requireNonNull(run.id(), "run.id");
    long rowId;
    try {
      rowId = Long.parseLong(run.id());
    } catch (NumberFormatException e) {
      return false;
    }
    try {
      return inTransaction(
          () -> {
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE runs SET source = ?, finished_us = ?, verdict = ?, requests = ?,"
                        + " regressions = ?, report_json = ? WHERE id = ?")) {
              update.setString(1, run.source() == null ? "" : run.source());
              if (run.finishedAt() == null) {
                update.setNull(2, java.sql.Types.INTEGER);
              } else {
                update.setLong(2, ExchangeRows.toMicros(run.finishedAt()));
              }
              update.setString(3, run.verdict());
              update.setLong(4, run.requests());
              update.setLong(5, run.regressions());
              update.setString(6, run.reportJson());
              update.setLong(7, rowId);
              return update.executeUpdate() > 0;
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, "updating run " + run.id(), busyTimeout, e);
    }
  }

  @Override
  public synchronized Optional<StoredRun> run(String id) {
    ensureOpen();
    long rowId;
    try {
      rowId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return one(
        "reading run " + id,
        RUN_COLUMNS + ", report_json FROM runs WHERE id = ?",
        ps -> ps.setLong(1, rowId),
        rs -> storedRun(rs, true));
  }

  @Override
  public synchronized List<StoredRun> recentRuns(int limit) {
    ensureOpen();
    return list(
        "listing runs",
        RUN_COLUMNS + " FROM runs ORDER BY started_us DESC, id DESC LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        rs -> storedRun(rs, false));
  }

  private static final String RUN_COLUMNS =
      "SELECT id, kind, source, started_us, finished_us, verdict, requests, regressions";

  private static StoredRun storedRun(ResultSet rs, boolean withReport) throws SQLException {
    long finished = rs.getLong("finished_us");
    Instant finishedAt = rs.wasNull() ? null : ExchangeRows.fromMicros(finished);
    return new StoredRun(
        Long.toString(rs.getLong("id")),
        rs.getString("kind"),
        rs.getString("source"),
        ExchangeRows.fromMicros(rs.getLong("started_us")),
        finishedAt,
        rs.getString("verdict"),
        rs.getLong("requests"),
        rs.getLong("regressions"),
        withReport ? rs.getString("report_json") : null);
  }

  @Override
  public synchronized void saveCanary(StoredCanary c) {
    ensureOpen();
    Objects.requireNonNull(c.name(), "canary.name");
    write(
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

  @Override
  public synchronized Optional<StoredCanary> canary(String name) {
    ensureOpen();
    return one(
        "reading canary run " + name,
        CANARY_COLUMNS + " WHERE name = ?",
        ps -> ps.setString(1, name),
        SqliteStore::storedCanary);
  }

  @Override
  public synchronized List<StoredCanary> canaries(int limit) {
    ensureOpen();
    return list(
        "listing canary runs",
        CANARY_COLUMNS + " ORDER BY updated_us DESC, name LIMIT ?",
        ps -> ps.setInt(1, Math.max(0, limit)),
        SqliteStore::storedCanary);
  }

  @Override
  public synchronized boolean leaveCanaryCommand(String name, String command) {
    ensureOpen();
    return write(
            "leaving a command on canary run " + name,
            "UPDATE canary_runs SET pending_command = ? WHERE name = ?",
            ps -> {
              ps.setString(1, command);
              ps.setString(2, name);
            })
        > 0;
  }

  @Override
  public synchronized Optional<String> takeCanaryCommand(String name) {
    ensureOpen();
    // polled several times a second: a plain read first, the write lock only when there is one
    boolean pending =
        query(
            "reading the command left on canary run " + name,
            "SELECT pending_command FROM canary_runs WHERE name = ? AND pending_command IS NOT NULL",
            ps -> ps.setString(1, name),
            ResultSet::next);
    if (!pending) {
      return Optional.empty();
    }
    try {
      return inTransaction(
          () -> {
            String command;
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT pending_command FROM canary_runs WHERE name = ?")) {
              select.setString(1, name);
              try (ResultSet rs = select.executeQuery()) {
                command = rs.next() ? rs.getString(1) : null;
              }
            }
            if (command != null) {
              try (PreparedStatement clear =
                  connection.prepareStatement(
                      "UPDATE canary_runs SET pending_command = NULL WHERE name = ?")) {
                clear.setString(1, name);
                clear.executeUpdate();
              }
            }
            return Optional.ofNullable(command);
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(
          file, "taking the command left on canary run " + name, busyTimeout, e);
    }
  }

  @Override
  public synchronized long saveIncident(StoredIncident i) {
    ensureOpen();
    return insert(
        "saving incident '" + i.title() + "'",
        "INSERT INTO incidents (title, severity, status, started_us, resolved_us, version,"
            + " created_us, updated_us, body_json) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setString(1, i.title());
          ps.setString(2, i.severity());
          ps.setString(3, i.status());
          setMicros(ps, 4, i.startedAt());
          setMicros(ps, 5, i.resolvedAt());
          ps.setLong(6, ExchangeRows.toMicros(i.createdAt()));
          ps.setLong(7, ExchangeRows.toMicros(i.updatedAt()));
          ps.setString(8, i.bodyJson());
        });
  }

  @Override
  public synchronized boolean updateIncident(StoredIncident i, long expectedVersion) {
    ensureOpen();
    return write(
            "updating incident " + i.id(),
            "UPDATE incidents SET title = ?, severity = ?, status = ?, started_us = ?,"
                + " resolved_us = ?, version = version + 1, updated_us = ?, body_json = ?"
                + " WHERE id = ? AND version = ?",
            ps -> {
              ps.setString(1, i.title());
              ps.setString(2, i.severity());
              ps.setString(3, i.status());
              setMicros(ps, 4, i.startedAt());
              setMicros(ps, 5, i.resolvedAt());
              ps.setLong(6, ExchangeRows.toMicros(i.updatedAt()));
              ps.setString(7, i.bodyJson());
              ps.setLong(8, i.id());
              ps.setLong(9, expectedVersion);
            })
        > 0;
  }

  @Override
  public synchronized Optional<StoredIncident> incident(long id) {
    ensureOpen();
    return one(
        "reading incident " + id,
        INCIDENT_COLUMNS + " WHERE id = ?",
        ps -> ps.setLong(1, id),
        SqliteStore::storedIncident);
  }

  @Override
  public synchronized List<StoredIncident> incidents() {
    ensureOpen();
    return list(
        "listing incidents",
        INCIDENT_COLUMNS + " ORDER BY COALESCE(started_us, created_us) DESC, id DESC",
        ps -> {},
        SqliteStore::storedIncident);
  }

  @Override
  public synchronized long addGuard(StoredGuard g) {
    ensureOpen();
    return insert(
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

  @Override
  public synchronized List<StoredGuard> guards(boolean activeOnly) {
    ensureOpen();
    return list(
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

  @Override
  public synchronized boolean setGuardActive(long id, boolean active) {
    ensureOpen();
    return write(
            "switching guard " + id,
            "UPDATE guards SET active = ? WHERE id = ?",
            ps -> {
              ps.setInt(1, active ? 1 : 0);
              ps.setLong(2, id);
            })
        > 0;
  }

  @Override
  public synchronized long recordDeployment(StoredDeployment d) {
    ensureOpen();
    return insert(
        "recording deployment " + d.version(),
        "INSERT INTO deployments (version, commit_us, deployed_us, result, recovered_us,"
            + " unplanned, source) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ps -> {
          ps.setString(1, d.version());
          setMicros(ps, 2, d.commitTime());
          ps.setLong(3, ExchangeRows.toMicros(d.deployedAt()));
          ps.setString(4, d.result());
          setMicros(ps, 5, d.recoveredAt());
          ps.setInt(6, d.unplanned() ? 1 : 0);
          ps.setString(7, d.source());
        });
  }

  @Override
  public synchronized List<StoredDeployment> deployments(Instant from, Instant to) {
    ensureOpen();
    return list(
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
                micros(rs, "commit_us"),
                ExchangeRows.fromMicros(rs.getLong("deployed_us")),
                rs.getString("result"),
                micros(rs, "recovered_us"),
                rs.getInt("unplanned") == 1,
                rs.getString("source")));
  }

  @Override
  public synchronized long addKudos(StoredKudos k) {
    ensureOpen();
    return insert(
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

  @Override
  public synchronized List<StoredKudos> kudos(int limit) {
    ensureOpen();
    return list(
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

  private static final String INCIDENT_COLUMNS =
      "SELECT id, title, severity, status, started_us, resolved_us, version, created_us,"
          + " updated_us, body_json FROM incidents";

  private static StoredIncident storedIncident(ResultSet rs) throws SQLException {
    return new StoredIncident(
        rs.getLong("id"),
        rs.getString("title"),
        rs.getString("severity"),
        rs.getString("status"),
        micros(rs, "started_us"),
        micros(rs, "resolved_us"),
        rs.getLong("version"),
        ExchangeRows.fromMicros(rs.getLong("created_us")),
        ExchangeRows.fromMicros(rs.getLong("updated_us")),
        rs.getString("body_json"));
  }

  private static Instant micros(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : ExchangeRows.fromMicros(v);
  }

  private static void setMicros(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, java.sql.Types.INTEGER);
    } else {
      ps.setLong(index, ExchangeRows.toMicros(at));
    }
  }

  /** Runs one INSERT ... RETURNING id in a write transaction; returns the id. */
  private long insert(String action, String sql, Binder binder) {
    try {
      return inTransaction(
          () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
              binder.bind(ps);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, action, busyTimeout, e);
    }
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

  /** Runs one statement in a write transaction; returns the rows it changed. */
  private int write(String action, String sql, Binder binder) {
    try {
      return inTransaction(
          () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
              binder.bind(ps);
              return ps.executeUpdate();
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw StoreErrors.translate(file, action, busyTimeout, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      throw StoreErrors.translate(file, "closing it", busyTimeout, e);
    }
  }

  /** The value of an SQLite pragma on the writing connection, for tests of durability settings. */
  synchronized String pragma(String name) {
    ensureOpen();
    return query(
        "reading pragma " + name,
        "PRAGMA " + name,
        ps -> {},
        rs -> rs.next() ? rs.getString(1) : null);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + file + " is closed");
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowsReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code work} in one write transaction. The transaction is begun and ended by explicit
   * statements on an auto-commit connection rather than through {@code setAutoCommit(false)}: the
   * driver begins those lazily and a {@code BEGIN} refused for a lock would let the statements run
   * one by one outside any transaction.
   */
  private <T> T inTransaction(SqlWork<T> work) throws SQLException {
    execute(connection, "BEGIN IMMEDIATE");
    boolean committed = false;
    try {
      T result = work.run();
      execute(connection, "COMMIT");
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollback(connection);
      }
    }
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite ends the transaction itself after some errors; then there is nothing to undo
      LOG.debug("rollback: {}", e.getMessage());
    }
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Every row of a query, each mapped. */
  private <T> List<T> list(String action, String sql, Binder binder, RowMapper<T> row) {
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
  private <T> Optional<T> one(String action, String sql, Binder binder, RowMapper<T> row) {
    return query(
        action, sql, binder, rs -> rs.next() ? Optional.of(row.map(rs)) : Optional.empty());
  }

  private <T> T query(String action, String sql, Binder binder, RowsReader<T> reader) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw StoreErrors.translate(file, action, busyTimeout, e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing with a better error
      }
    }
  }

  @Override
  public String toString() {
    return "SqliteStore[" + file + "]";
  }
}
