package dev.spotter.testsupport;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Searches every byte Spotter wrote for planted secrets, in every form a secret takes on its way to
 * disk: as is, URL-encoded, base64 (standard and URL-safe, with or without padding, at any
 * alignment inside a longer base64 text) and JSON-escaped. Collects every leak with where it was
 * found and the bytes around it, so one failure tells the whole story.
 */
public final class SecretScan {
  /** One secret found where it must not be. */
  public record Leak(String secret, String encoding, String where, String context) {
    @Override
    public String toString() {
      return secret + " (" + encoding + ") in " + where + ": ..." + context + "...";
    }
  }

  private final Map<String, Map<String, String>> needles = new LinkedHashMap<>();
  private final List<Leak> leaks = new ArrayList<>();
  private final List<String> searched = new ArrayList<>();

  /**
   * @param secrets what each secret is called in failure messages, and its value
   */
  public SecretScan(Map<String, String> secrets) {
    secrets.forEach((name, value) -> needles.put(name, encodings(value)));
  }

  /**
   * Every form of {@code secret} searched for, by name, each as the bytes it would be written as
   * (UTF-8), held in a byte-per-char string.
   */
  public static Map<String, String> encodings(String secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("raw", secret);
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.putIfAbsent("URL-encoded", form);
    forms.putIfAbsent("URL-encoded (%20)", form.replace("+", "%20"));
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
    forms.putIfAbsent("JSON-escaped", json);
    forms.putIfAbsent("JSON-escaped (\\/)", json.replace("/", "\\/"));
    forms.putIfAbsent("HTML-escaped", html(secret));
    forms.putIfAbsent("JSON-escaped, then HTML-escaped", html(json));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + bytes.length];
      System.arraycopy(bytes, 0, shifted, shift, bytes.length);
      String std = base64Core(Base64.getEncoder().encodeToString(shifted), shift, shifted.length);
      String url =
          base64Core(Base64.getUrlEncoder().encodeToString(shifted), shift, shifted.length);
      forms.putIfAbsent("base64 at offset " + shift, std);
      forms.putIfAbsent("url-safe base64 at offset " + shift, url);
    }
    Map<String, String> asBytes = new LinkedHashMap<>();
    forms.forEach(
        (k, v) -> {
          String b = new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
          if (!asBytes.containsValue(b)) {
            asBytes.put(k, b); // one name per distinct form: "raw" when escaping changes nothing
          }
        });
    return asBytes;
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /**
   * The characters of a base64 text that depend on the secret's bytes only: without the group
   * holding the bytes before it (shift) and the group cut at its end, so the secret is found inside
   * any longer base64 text (a Basic credential, a JWT, a body stored as base64).
   */
  private static String base64Core(String encoded, int shift, int length) {
    int from = shift == 0 ? 0 : 4;
    int to = length % 3 == 0 ? encoded.length() : encoded.length() - 4;
    return to - from >= 8 ? encoded.substring(from, to) : encoded;
  }

  /** Searches every regular file under {@code dir}, its SQLite side files included. */
  public SecretScan files(Path dir) {
    if (!Files.exists(dir)) {
      return this;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
        bytes("file " + dir.relativize(p), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Searches text Spotter printed or sent (stdout, stderr, a page). */
  public SecretScan text(String where, String text) {
    return bytes(where, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Searches bytes Spotter wrote (a file, a topic record, a column). */
  public SecretScan bytes(String where, byte[] data) {
    searched.add(where);
    String haystack = new String(data, StandardCharsets.ISO_8859_1);
    needles.forEach(
        (secret, forms) -> {
          for (Map.Entry<String, String> f : forms.entrySet()) {
            int at = haystack.indexOf(f.getValue());
            if (at >= 0) {
              leaks.add(new Leak(secret, f.getKey(), where, context(haystack, at, f.getValue())));
            }
          }
        });
    return this;
  }

  /** Searches every column of every row of every table the connection sees. */
  public SecretScan rows(String where, Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        if (schema == null || !schema.equals("information_schema") && !schema.startsWith("pg_")) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    if (tables.isEmpty()) {
      throw new AssertionError(where + " holds no tables: nothing was scanned");
    }
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
        ResultSetMetaData columns = rs.getMetaData();
        int row = 0;
        while (rs.next()) {
          row++;
          for (int i = 1; i <= columns.getColumnCount(); i++) {
            int type = columns.getColumnType(i);
            byte[] value =
                type == Types.BINARY
                        || type == Types.VARBINARY
                        || type == Types.LONGVARBINARY
                        || type == Types.BLOB
                    ? rs.getBytes(i)
                    : bytesOf(rs.getString(i));
            if (value != null) {
              bytes(
                  where + " table " + table + " row " + row + " column " + columns.getColumnName(i),
                  value);
            }
          }
        }
      }
    }
    return this;
  }

  private static byte[] bytesOf(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** What was searched, for failure messages that show the scan was not empty. */
  public List<String> searched() {
    return List.copyOf(searched);
  }

  public List<Leak> leaks() {
    return List.copyOf(leaks);
  }

  /**
   * Fails listing every leak, with the seed the secrets were drawn from.
   *
   * @param seed the random seed of the planted secrets, printed so a failing run can be repeated
   */
  public void assertNoLeak(long seed) {
    if (searched.isEmpty()) {
      throw new AssertionError("nothing was scanned (seed " + seed + ")");
    }
    if (!leaks.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(leaks.size() + " planted secret(s) reached what Spotter wrote (seed ")
              .append(seed)
              .append("):");
      for (Leak l : leaks) {
        sb.append("\n  ").append(l);
      }
      throw new AssertionError(sb.toString());
    }
  }

  private static String context(String haystack, int at, String needle) {
    int from = Math.max(0, at - 60);
    int to = Math.min(haystack.length(), at + needle.length() + 60);
    StringBuilder sb = new StringBuilder();
    for (char ch : haystack.substring(from, to).toCharArray()) {
      sb.append(ch >= 0x20 && ch < 0x7F ? ch : '.');
    }
    return sb.toString();
  }
}
