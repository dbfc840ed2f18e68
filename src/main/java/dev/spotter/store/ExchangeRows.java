package dev.spotter.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps exchanges to and from rows of the {@code exchanges} table. */
final class ExchangeRows {
  static final String INSERT =
      "INSERT INTO exchanges (corpus_id, method, url, request_headers, request_body,"
          + " request_body_size, request_body_truncated, response_status, response_headers,"
          + " response_body, response_body_size, response_body_truncated, started_us,"
          + " duration_us, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " RETURNING id";

  /**
   * Inserts an exchange with its capture id (parameter 16), doing nothing when the corpus already
   * holds that capture id.
   */
  static final String INSERT_CAPTURED =
      "INSERT INTO exchanges (corpus_id, method, url, request_headers, request_body,"
          + " request_body_size, request_body_truncated, response_status, response_headers,"
          + " response_body, response_body_size, response_body_truncated, started_us,"
          + " duration_us, source, capture_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (corpus_id, capture_id) DO NOTHING";

  /** Where {@link #INSERT_CAPTURED} takes the capture id. */
  static final int CAPTURE_ID_PARAMETER = 16;

  static final String SELECT_CORPUS =
      "SELECT id, method, url, request_headers, request_body, request_body_size,"
          + " request_body_truncated, response_status, response_headers, response_body,"
          + " response_body_size, response_body_truncated, started_us, duration_us, source"
          + " FROM exchanges WHERE corpus_id = ? ORDER BY id";

  private static final JsonFactory JSON = new JsonFactory();

  private ExchangeRows() {}

  static void bind(PreparedStatement insert, long corpusId, Exchange exchange) throws SQLException {
    HttpRequestData request = exchange.request();
    insert.setLong(1, corpusId);
    insert.setString(2, request.method());
    insert.setString(3, request.url());
    insert.setString(4, encodeHeaders(request.headers()));
    insert.setBytes(5, request.body().bytes());
    insert.setLong(6, request.body().originalSize());
    insert.setInt(7, request.body().truncated() ? 1 : 0);
    HttpResponseData response = exchange.response();
    if (response == null) {
      insert.setNull(8, Types.INTEGER);
      insert.setNull(9, Types.VARCHAR);
      // VARBINARY, not BLOB: PostgreSQL's driver takes BLOB for a large object's oid
      insert.setNull(10, Types.VARBINARY);
      insert.setNull(11, Types.BIGINT);
      insert.setNull(12, Types.INTEGER);
    } else {
      insert.setInt(8, response.status());
      insert.setString(9, encodeHeaders(response.headers()));
      insert.setBytes(10, response.body().bytes());
      insert.setLong(11, response.body().originalSize());
      insert.setInt(12, response.body().truncated() ? 1 : 0);
    }
    if (exchange.startedAt() == null) {
      insert.setNull(13, Types.BIGINT);
    } else {
      insert.setLong(13, toMicros(exchange.startedAt()));
    }
    insert.setLong(14, exchange.durationMicros() < 0 ? -1 : exchange.durationMicros());
    insert.setString(15, exchange.source());
  }

  static Exchange read(ResultSet rs) throws SQLException {
    HttpRequestData request =
        new HttpRequestData(
            rs.getString("method"),
            rs.getString("url"),
            decodeHeaders(rs.getString("request_headers")),
            body(
                rs.getBytes("request_body"),
                rs.getLong("request_body_size"),
                rs.getInt("request_body_truncated")));
    HttpResponseData response = null;
    int status = rs.getInt("response_status");
    if (!rs.wasNull()) {
      response =
          new HttpResponseData(
              status,
              decodeHeaders(rs.getString("response_headers")),
              body(
                  rs.getBytes("response_body"),
                  rs.getLong("response_body_size"),
                  rs.getInt("response_body_truncated")));
    }
    long startedUs = rs.getLong("started_us");
    Instant startedAt = rs.wasNull() ? null : fromMicros(startedUs);
    return new Exchange(
        Long.toString(rs.getLong("id")),
        request,
        response,
        startedAt,
        rs.getLong("duration_us"),
        rs.getString("source"));
  }

  private static Body body(byte[] bytes, long size, int truncated) {
    byte[] b = bytes == null ? new byte[0] : bytes;
    if (truncated == 0 && size == b.length) {
      return Body.of(b);
    }
    return new Body(b, Math.max(size, b.length), truncated != 0);
  }

  static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /**
   * Headers as a JSON array of [name, value] pairs: keeps order, duplicates and spelling. Written
   * by hand rather than through a generator: a recorder stores two header lists per exchange, tens
   * of thousands of times a second, and this was the largest part of its cost.
   */
  static String encodeHeaders(Headers headers) {
    List<Header> entries = headers.entries();
    StringBuilder sb = new StringBuilder(2 + entries.size() * 48);
    sb.append('[');
    for (int i = 0; i < entries.size(); i++) {
      Header h = entries.get(i);
      sb.append(i == 0 ? "[" : ",[");
      jsonString(sb, h.name());
      sb.append(',');
      jsonString(sb, h.value());
      sb.append(']');
    }
    return sb.append(']').toString();
  }

  /** A JSON string: quotes, backslashes and control characters escaped, the rest as it is. */
  private static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, start, i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
      start = i + 1;
    }
    sb.append(s, start, s.length()).append('"');
  }

  static Headers decodeHeaders(String json) {
    if (json == null || json.isEmpty()) {
      return Headers.EMPTY;
    }
    List<Header> list = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY, json);
      while (p.nextToken() == JsonToken.START_ARRAY) {
        expect(p.nextToken(), JsonToken.VALUE_STRING, json);
        String name = p.getText();
        expect(p.nextToken(), JsonToken.VALUE_STRING, json);
        String value = p.getText();
        expect(p.nextToken(), JsonToken.END_ARRAY, json);
        list.add(new Header(name, value));
      }
    } catch (IOException e) {
      throw new IllegalStateException("stored headers are not a JSON array of pairs: " + json, e);
    }
    return new Headers(list);
  }

  private static void expect(JsonToken actual, JsonToken expected, String json) {
    if (actual != expected) {
      throw new IllegalStateException("stored headers are not a JSON array of pairs: " + json);
    }
  }
}
