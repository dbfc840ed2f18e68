package dev.spotter.replay;

import dev.spotter.model.SpotterException;
import java.util.Locale;

/**
 * Which {@code Host} a replayed request names. By default each target gets its own host and port,
 * since a recorded production name can route wrongly through a staging ingress; a service that
 * needs the name it saw (virtual hosts, URLs it builds for clients) gets the recorded one, or a
 * fixed one. Whatever is sent, the diff knows it as that target's origin.
 *
 * @param mode how the Host is chosen
 * @param value the fixed Host for {@link Mode#VALUE}; null otherwise
 */
public record HostChoice(Mode mode, String value) {

  /** How the Host of a replayed request is chosen. */
  public enum Mode {
    /** Each target's own host and port, as its URL names them. */
    TARGET,
    /** The recorded request's Host (its own target's when none was recorded). */
    RECORDED,
    /** One fixed value for every target. */
    VALUE
  }

  public static final HostChoice TARGET = new HostChoice(Mode.TARGET, null);
  public static final HostChoice RECORDED = new HostChoice(Mode.RECORDED, null);

  public HostChoice {
    if (mode == Mode.VALUE) {
      if (value == null || value.isBlank()) {
        throw invalid("a fixed Host needs a value");
      }
      value = value.strip();
      if (!isAuthority(value)) {
        throw invalid(
            "the Host '"
                + value
                + "' is not a host name or address with an optional port, such as"
                + " registry.example.com or 10.0.0.5:8080");
      }
    } else {
      value = null;
    }
  }

  /**
   * {@code target}, {@code recorded}, or a host name with an optional port.
   *
   * @throws SpotterException {@code replay.settings} when it is none of them
   */
  public static HostChoice parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("--host needs target, recorded or a host name");
    }
    String t = text.strip();
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "target" -> TARGET;
      case "recorded" -> RECORDED;
      default -> new HostChoice(Mode.VALUE, t);
    };
  }

  /** As {@link #parse} reads it: {@code target}, {@code recorded} or the value. */
  @Override
  public String toString() {
    return switch (mode) {
      case TARGET -> "target";
      case RECORDED -> "recorded";
      case VALUE -> value;
    };
  }

  /** A host name, an IPv4 address or an IPv6 literal in brackets, with an optional port. */
  private static boolean isAuthority(String s) {
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 2) {
        return false;
      }
      host = null;
      if (close + 1 < s.length()) {
        if (s.charAt(close + 1) != ':') {
          return false;
        }
        port = s.substring(close + 2);
      }
    } else {
      int colon = s.indexOf(':');
      if (colon >= 0) {
        host = s.substring(0, colon);
        port = s.substring(colon + 1);
      }
    }
    if (host != null && (host.isEmpty() || !host.matches("[A-Za-z0-9._~%!$&'()*+,;=-]+"))) {
      return false;
    }
    if (port != null) {
      if (!port.matches("[0-9]{1,5}")) {
        return false;
      }
      int p = Integer.parseInt(port);
      return p >= 1 && p <= 65535;
    }
    return true;
  }

  private static SpotterException invalid(String message) {
    return new SpotterException("replay.settings", message);
  }
}
