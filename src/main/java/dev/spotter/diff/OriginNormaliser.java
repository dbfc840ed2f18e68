package dev.spotter.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a target's own origin in a string by a placeholder, so that URLs a service builds from
 * how it was addressed compare by what they point at. Only the origin is replaced, where it stands
 * as one:
 *
 * <ul>
 *   <li>{@code http://host:port} with the scheme the target was addressed by becomes {@code
 *       {origin}}; under another scheme ({@code ws://}, or {@code https://} from a service behind
 *       TLS) the authority alone becomes {@code {host}}, so a changed scheme is still seen;
 *   <li>{@code //host:port} (a scheme-relative URL) becomes {@code //{host}};
 *   <li>the value of {@code Host} standing alone (a field {@code "host": "registry:4873"}) becomes
 *       {@code {host}}.
 * </ul>
 *
 * Hosts compare without regard to case, and a URL that names no port means its scheme's default (80
 * or 443), so {@code http://h} and {@code http://h:80} are one origin. A port's digits elsewhere, a
 * longer host name that merely starts like this one ({@code host.evil}), and another port on the
 * same host are left as they are. Pure and immutable.
 */
final class OriginNormaliser {
  static final String ORIGIN = "{origin}";
  static final String HOST = "{host}";

  private final String scheme;
  private final int defaultPort;

  /** {@code host:port} in lower case, IPv6 hosts in brackets: every authority of the target. */
  private final Set<String> authorities = new HashSet<>();

  /**
   * The texts that stand alone for the target: the Host value sent, and the address it was reached
   * at with its port (too specific to be a coincidence, unlike a host name alone).
   */
  private final List<String> bare = new ArrayList<>();

  /** The host names of {@link #authorities}, in lower case ASCII bytes, to look for in a body. */
  private final List<byte[]> names = new ArrayList<>();

  OriginNormaliser(TargetOrigin origin) {
    this.scheme = origin.scheme();
    this.defaultPort = TargetOrigin.defaultPort(scheme);
    if (!origin.host().isEmpty()) {
      String host = origin.host().indexOf(':') >= 0 ? "[" + origin.host() + "]" : origin.host();
      authorities.add(host.toLowerCase(Locale.ROOT) + ":" + origin.port());
      bare.add(host + ":" + origin.port());
    }
    String sent = origin.hostSent() == null ? null : origin.hostSent().strip();
    if (sent != null && !sent.isEmpty()) {
      String key = authorityKey(sent, defaultPort);
      if (key != null) {
        authorities.add(key);
      }
    }
    if (sent != null && !sent.isEmpty() && !bare.contains(sent)) {
      bare.add(0, sent);
    }
    for (String key : authorities) {
      names.add(
          key.substring(0, key.lastIndexOf(':')).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * Whether the bytes may hold this origin: a host name of it appears in them, in any case. A cheap
   * test that lets equal bodies skip parsing when they cannot differ once normalised.
   */
  boolean mayAppearIn(byte[] bytes) {
    for (byte[] name : names) {
      if (indexOfIgnoreCase(bytes, name) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfIgnoreCase(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        byte b = haystack[i + j];
        if (b >= 'A' && b <= 'Z') {
          b = (byte) (b + ('a' - 'A'));
        }
        if (b != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The string with every occurrence of the target's origin replaced; itself when none is. */
  String normalise(String s) {
    if (s == null || authorities.isEmpty()) {
      return s;
    }
    String urls = s.indexOf("//") >= 0 ? replaceUrls(s) : s;
    for (String b : bare) {
      urls = replaceBare(urls, b);
    }
    return urls;
  }

  /** Every header value normalised; the same object when none changes. */
  Headers normalise(Headers headers) {
    if (authorities.isEmpty()) {
      return headers;
    }
    List<Header> out = new ArrayList<>(headers.entries().size());
    boolean changed = false;
    for (Header h : headers.entries()) {
      String v = normalise(h.value());
      changed |= !v.equals(h.value());
      out.add(v.equals(h.value()) ? h : new Header(h.name(), v));
    }
    return changed ? new Headers(out) : headers;
  }

  /**
   * A parsed body with its strings normalised (keys stay as they are); the same object when no
   * string changes, a changed copy otherwise: the parsed value may be shared.
   */
  BodyValue normalise(BodyValue body) {
    if (authorities.isEmpty()) {
      return body;
    }
    if (body instanceof BodyValue.Json json) {
      JsonNode tree = normalise(json.tree());
      return tree == json.tree() ? body : new BodyValue.Json(tree);
    }
    if (body instanceof BodyValue.Text text) {
      String t = normalise(text.text());
      return t.equals(text.text()) ? body : new BodyValue.Text(t, text.claimedJson());
    }
    return body;
  }

  private JsonNode normalise(JsonNode node) {
    if (node.isTextual()) {
      String t = normalise(node.textValue());
      return t.equals(node.textValue()) ? node : TextNode.valueOf(t);
    }
    if (node.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < node.size(); i++) {
        JsonNode child = node.get(i);
        JsonNode n = normalise(child);
        if (n != child && copy == null) {
          copy = ((ArrayNode) node).deepCopy();
        }
        if (copy != null) {
          copy.set(i, n);
        }
      }
      return copy == null ? node : copy;
    }
    if (node.isObject()) {
      ObjectNode copy = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode n = normalise(e.getValue());
        if (n != e.getValue() && copy == null) {
          copy = ((ObjectNode) node).deepCopy();
        }
        if (copy != null) {
          copy.set(e.getKey(), n);
        }
      }
      return copy == null ? node : copy;
    }
    return node;
  }

  private String replaceUrls(String s) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (true) {
      int slashes = s.indexOf("//", from);
      if (slashes < 0) {
        break;
      }
      int start = slashes + 2;
      int end = start;
      while (end < s.length() && isAuthorityChar(s.charAt(end))) {
        end++;
      }
      while (end > start && s.charAt(end - 1) == '.') {
        end--; // the full stop of a sentence that ends with a URL
      }
      int schemeStart = schemeStart(s, slashes);
      String urlScheme = schemeStart < 0 ? scheme : s.substring(schemeStart, slashes - 1);
      String key = authorityKey(s.substring(start, end), TargetOrigin.defaultPort(urlScheme));
      if (key != null && authorities.contains(key)) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        if (schemeStart >= 0 && urlScheme.equalsIgnoreCase(scheme)) {
          out.append(s, copied, schemeStart).append(ORIGIN);
        } else {
          out.append(s, copied, start).append(HOST);
        }
        copied = end;
      }
      from = Math.max(end, start);
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  private String replaceBare(String s, String bare) {
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    int n = bare.length();
    while (i + n <= s.length()) {
      if (s.regionMatches(true, i, bare, 0, n) && standsAlone(s, i, i + n)) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, copied, i).append(HOST);
        copied = i + n;
        i += n;
      } else {
        i++;
      }
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  /**
   * Whether the text at {@code [from, to)} is a whole authority: not part of a longer name, not
   * behind a user name, and not followed by another port.
   */
  private boolean standsAlone(String s, int from, int to) {
    if (from > 0) {
      char before = s.charAt(from - 1);
      if (isNameChar(before) || before == '@' || before == '/' || before == ':') {
        return false;
      }
    }
    if (to < s.length()) {
      char after = s.charAt(to);
      boolean fullStop = after == '.' && (to + 1 == s.length() || !isNameChar(s.charAt(to + 1)));
      if (isNameChar(after) && !fullStop) {
        return false;
      }
      if (after == ':' && to + 1 < s.length() && Character.isDigit(s.charAt(to + 1))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where the scheme of a URL whose {@code //} is at {@code slashes} starts, or -1 when the slashes
   * follow no scheme (a scheme-relative URL, or slashes in a path).
   */
  private static int schemeStart(String s, int slashes) {
    if (slashes < 2 || s.charAt(slashes - 1) != ':') {
      return -1;
    }
    int k = slashes - 1;
    while (k > 0 && isSchemeChar(s.charAt(k - 1))) {
      k--;
    }
    while (k < slashes - 1 && !Character.isLetter(s.charAt(k))) {
      k++; // a scheme starts with a letter: "1http://" has the scheme "http"
    }
    return k < slashes - 1 ? k : -1;
  }

  /**
   * {@code host:port} in lower case for an authority as written, its port the given default when it
   * names none; null when it is no plain authority (user info, an empty host, a port that is not a
   * number).
   */
  static String authorityKey(String authority, int defaultPort) {
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      return null;
    }
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = authority.substring(0, close + 1);
      String rest = authority.substring(close + 1);
      if (rest.isEmpty()) {
        port = null;
      } else if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else {
        return null;
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.isEmpty() || (port != null && !isPort(port))) {
      return null;
    }
    int p = port == null || port.isEmpty() ? defaultPort : Integer.parseInt(port);
    return host.toLowerCase(Locale.ROOT) + ":" + p;
  }

  private static boolean isPort(String s) {
    if (s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAuthorityChar(char c) {
    return isNameChar(c) || c == ':' || c == '[' || c == ']' || c == '@' || c == '%' || c == '~';
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_';
  }

  private static boolean isSchemeChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '.'
        || c == '-';
  }
}
