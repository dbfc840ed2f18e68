package dev.spotter.canary;

import dev.spotter.proxy.RequestHead;
import java.util.Locale;
import java.util.Objects;

/**
 * What makes a user the same user from one request to the next, so that a user stays on one arm: a
 * header (such as {@code X-User-Id}), a cookie (a session), or the client's address. A request
 * without the header or cookie is placed by its client address.
 *
 * @param source where the key is read
 * @param name the header or cookie name; empty for the client address
 */
public record RoutingKey(Source source, String name) {
  /** Where a routing key comes from. */
  public enum Source {
    HEADER,
    COOKIE,
    CLIENT_ADDRESS
  }

  public RoutingKey {
    Objects.requireNonNull(source, "source");
    name = name == null ? "" : name.trim();
    if (source != Source.CLIENT_ADDRESS && name.isEmpty()) {
      throw new IllegalArgumentException(
          source.name().toLowerCase(Locale.ROOT) + " key needs a name, as in header:X-User-Id");
    }
  }

  public static final RoutingKey CLIENT = new RoutingKey(Source.CLIENT_ADDRESS, "");

  /**
   * Parses {@code header:NAME}, {@code cookie:NAME} or {@code client-address}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static RoutingKey parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equalsIgnoreCase("client-address") || t.equalsIgnoreCase("client")) {
      return CLIENT;
    }
    int colon = t.indexOf(':');
    String kind = colon < 0 ? t : t.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String name = colon < 0 ? "" : t.substring(colon + 1).trim();
    return switch (kind) {
      case "header" -> new RoutingKey(Source.HEADER, name);
      case "cookie" -> new RoutingKey(Source.COOKIE, name);
      default ->
          throw new IllegalArgumentException(
              "'" + t + "' is not a routing key; use header:NAME, cookie:NAME or client-address");
    };
  }

  /** The key of a request: the header or cookie, or the client's address when it has none. */
  String of(RequestHead head) {
    String value =
        switch (source) {
          case HEADER -> head.header(name);
          case COOKIE -> head.cookie(name);
          case CLIENT_ADDRESS -> null;
        };
    return value == null || value.isEmpty() ? head.clientAddress() : value;
  }

  /** As written in configuration: {@code header:X-User-Id}. */
  @Override
  public String toString() {
    return switch (source) {
      case HEADER -> "header:" + name;
      case COOKIE -> "cookie:" + name;
      case CLIENT_ADDRESS -> "client-address";
    };
  }
}
