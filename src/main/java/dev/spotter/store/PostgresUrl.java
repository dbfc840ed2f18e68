package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * A {@code jdbc:postgresql:} URL taken apart: where it points, for messages, and its text with any
 * password masked. Spotter never prints the URL as given.
 *
 * @param url the URL as given, password included: only for connecting
 * @param redacted the URL with the values of password parameters replaced by {@code ***}
 * @param hostPort the server(s) as {@code host:port}, comma-separated when there are several
 * @param database the database's name
 * @param user the user name, or the operating system's user when the URL gives none (as the driver
 *     does)
 * @param password the password, or null
 */
record PostgresUrl(
    String url, String redacted, String hostPort, String database, String user, String password) {
  static final String PREFIX = "jdbc:postgresql:";

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][a-z_]*password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*):[^/@?]*@");

  @Override
  public String toString() {
    return redacted;
  }

  /**
   * Takes a URL apart.
   *
   * @throws SpotterException {@code store.bad_url} when the driver cannot read it
   */
  static PostgresUrl parse(String url) {
    String redacted = redact(url);
    if (USER_INFO.matcher(url).find()) {
      // the driver takes the password for a port and would log it in a warning
      throw new SpotterException(
          "store.bad_url",
          "'"
              + redacted
              + "' gives user and password before the host, which the PostgreSQL driver does not"
              + " read; write jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD");
    }
    Properties p = url.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? parseOrNull(url) : null;
    if (p == null) {
      throw new SpotterException(
          "store.bad_url",
          "'"
              + redacted
              + "' is not a PostgreSQL JDBC URL Spotter can read; write it as"
              + " jdbc:postgresql://HOST:PORT/DATABASE?user=USER");
    }
    String[] hosts = p.getProperty("PGHOST", "localhost").split(",");
    String[] ports = p.getProperty("PGPORT", "5432").split(",");
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      servers.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
    }
    String user = p.getProperty("user", System.getProperty("user.name", ""));
    String password = p.getProperty("password");
    return new PostgresUrl(
        url,
        redacted,
        String.join(",", servers),
        p.getProperty("PGDBNAME", ""),
        user,
        password == null || password.isEmpty() ? null : password);
  }

  private static Properties parseOrNull(String url) {
    try {
      return Driver.parseURL(url, null);
    } catch (RuntimeException e) {
      return null; // the driver's own message would repeat the URL, password and all
    }
  }

  /** The URL with every password in it masked; for any JDBC URL, not only PostgreSQL's. */
  static String redact(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1:***@");
  }

  /** {@code text} with this URL's password masked, in case a driver message repeated it. */
  String scrub(String text) {
    if (password == null || text == null) {
      return text;
    }
    return text.replace(password, "***");
  }

  /** Whether the URL sets the driver property {@code name} itself. */
  boolean sets(String name) {
    String lower = url.toLowerCase(Locale.ROOT);
    String key = name.toLowerCase(Locale.ROOT) + "=";
    return lower.contains("?" + key) || lower.contains("&" + key);
  }
}
