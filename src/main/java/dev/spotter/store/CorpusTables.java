package dev.spotter.store;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Corpora, their exchanges and the record of imports: appending (plain or with capture ids),
 * streaming, listing and deleting.
 */
final class CorpusTables {
  private final Database db;
  private final Sql sql;
  private final Clock clock;

  CorpusTables(Database db, Sql sql, Clock clock) {
    this.db = db;
    this.sql = sql;
    this.clock = clock;
  }

  List<String> append(String corpus, List<Exchange> exchanges) {
    Objects.requireNonNull(corpus, "corpus");
    if (exchanges.isEmpty()) {
      return List.of();
    }
    return sql.write(
        "appending " + exchanges.size() + " exchanges to corpus '" + corpus + "'",
        c -> {
          long corpusId = touchCorpus(c, corpus);
          List<String> ids = new ArrayList<>(exchanges.size());
          try (PreparedStatement insert = c.prepareStatement(ExchangeRows.INSERT)) {
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
  }

  /**
   * Concurrent appends to one corpus queue behind the row lock {@link #touchCorpus} takes first, so
   * they cannot deadlock on the capture ids they share; the unique index on (corpus, capture id) is
   * what keeps an exchange from being stored twice.
   */
  int appendCaptured(String corpus, List<Exchange> exchanges) {
    Objects.requireNonNull(corpus, "corpus");
    requireCaptureIds(corpus, exchanges);
    if (exchanges.isEmpty()) {
      return 0;
    }
    return sql.write(
        "appending " + exchanges.size() + " captured exchanges to corpus '" + corpus + "'",
        c -> {
          long corpusId = touchCorpus(c, corpus);
          try (PreparedStatement insert = c.prepareStatement(ExchangeRows.INSERT_CAPTURED)) {
            for (Exchange exchange : exchanges) {
              ExchangeRows.bind(insert, corpusId, exchange);
              insert.setString(ExchangeRows.CAPTURE_ID_PARAMETER, exchange.id());
              insert.addBatch();
            }
            return Sql.added(insert.executeBatch());
          }
        });
  }

  /** A capture id is what makes a second delivery harmless; a batch without them is a bug. */
  private static void requireCaptureIds(String corpus, List<Exchange> exchanges) {
    for (int i = 0; i < exchanges.size(); i++) {
      if (exchanges.get(i).id().isBlank()) {
        throw new IllegalArgumentException(
            "exchange "
                + i
                + " of a batch captured into corpus '"
                + corpus
                + "' has no capture id; appendCaptured needs one on every exchange");
      }
    }
  }

  /**
   * Creates the corpus or marks it updated; returns its id. Runs inside the caller's transaction,
   * and on PostgreSQL holds the corpus's row lock until it ends.
   */
  private long touchCorpus(Connection c, String corpus) throws SQLException {
    long now = ExchangeRows.toMicros(clock.instant());
    try (PreparedStatement upsert =
        c.prepareStatement(
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

  ExchangeCursor read(String corpus) {
    Objects.requireNonNull(corpus, "corpus");
    Connection reader = null;
    try {
      reader = db.beginSnapshot();
      // One snapshot for the count and the rows: the count matches what is streamed.
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
      try {
        select.setFetchSize(db.fetchSize());
        select.setLong(1, corpusId);
        ResultSet rows = select.executeQuery();
        return new JdbcExchangeCursor(db, corpus, reader, select, rows, count);
      } catch (SQLException | RuntimeException e) {
        select.close();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      if (reader != null) {
        db.endSnapshot(reader);
      }
      throw db.translate("reading corpus '" + corpus + "'", e);
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
        "store.no_such_corpus", "no corpus named '" + corpus + "' in " + db.where() + "; " + known);
  }

  Optional<CorpusInfo> corpus(String name) {
    return sql.one(
        "reading corpus '" + name + "'",
        CORPUS_INFO + " WHERE c.name = ?",
        ps -> ps.setString(1, name),
        CorpusTables::corpusInfo);
  }

  List<CorpusInfo> corpora() {
    return sql.list(
        "listing corpora", CORPUS_INFO + " ORDER BY c.name", ps -> {}, CorpusTables::corpusInfo);
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

  boolean deleteCorpus(String name) {
    return sql.update(
            "deleting corpus '" + name + "'",
            "DELETE FROM corpora WHERE name = ?",
            ps -> ps.setString(1, name))
        > 0;
  }

  Optional<ImportRecord> findImport(String corpus, String sha256) {
    return sql.one(
        "looking up earlier imports into corpus '" + corpus + "'",
        "SELECT i.file_name, i.sha256, i.exchanges, i.imported_us FROM imports i"
            + " JOIN corpora c ON c.id = i.corpus_id WHERE c.name = ? AND i.sha256 = ?"
            + " ORDER BY i.imported_us DESC, i.id DESC LIMIT 1",
        ps -> {
          ps.setString(1, corpus);
          ps.setString(2, sha256);
        },
        rs ->
            new ImportRecord(
                corpus,
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                ExchangeRows.fromMicros(rs.getLong(4))));
  }

  ImportRecord recordImport(String corpus, String fileName, String sha256, long exchanges) {
    Objects.requireNonNull(corpus, "corpus");
    // kept to the microsecond, as stored, so the record returned equals the one found later
    Instant now = ExchangeRows.fromMicros(ExchangeRows.toMicros(clock.instant()));
    ImportRecord record = new ImportRecord(corpus, fileName, sha256, exchanges, now);
    return sql.write(
        "recording the import of " + fileName + " into corpus '" + corpus + "'",
        c -> {
          long corpusId = touchCorpus(c, corpus);
          try (PreparedStatement insert =
              c.prepareStatement(
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
  }
}
