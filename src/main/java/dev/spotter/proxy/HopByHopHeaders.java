package dev.spotter.proxy;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header fields that describe one connection rather than the message (RFC 9110 section 7.6.1):
 * a proxy or a replayer must not forward them. These are the fixed names (Connection, Keep-Alive,
 * Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) plus every name the Connection header lists.
 */
public final class HopByHopHeaders {
  /** The lower-case names that are always hop-by-hop, whatever Connection says. */
  public static final Set<String> ALWAYS =
      Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private HopByHopHeaders() {}

  /** True for a name that is hop-by-hop in every message (Proxy-* included). */
  public static boolean isAlwaysHopByHop(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ALWAYS.contains(lower) || lower.startsWith("proxy-");
  }

  /**
   * Fields that Connection may never remove: the message's framing and its target. A request that
   * lists {@code Connection: content-length} would otherwise reach the server without its length,
   * and the body that follows would be read as a second request nobody sent through the proxy
   * (request smuggling).
   */
  static final Set<String> PROTECTED = Set.of("content-length", "host");

  /** The lower-case names the Connection header fields of these headers list. */
  public static Set<String> listedInConnection(Headers headers) {
    Set<String> names = new HashSet<>();
    for (String value : headers.all("Connection")) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !PROTECTED.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Removes every hop-by-hop field from Netty's headers in place: the fixed names, Proxy-*, and the
   * names the Connection fields list, except Content-Length and Host ({@link #PROTECTED}).
   */
  static void stripInPlace(HttpHeaders headers) {
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    for (String value : connection) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && !PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
          headers.remove(name);
        }
      }
    }
    for (String name : ALWAYS) {
      headers.remove(name);
    }
    List<String> proxyNames = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if (name.length() > 6 && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6)) {
        if (proxyNames == null) {
          proxyNames = new ArrayList<>(2);
        }
        proxyNames.add(name.toString());
      }
    }
    if (proxyNames != null) {
      proxyNames.forEach(headers::remove);
    }
  }

  /** A copy of the headers without any hop-by-hop field, in the original order. */
  public static Headers strip(Headers headers) {
    Set<String> listed = listedInConnection(headers);
    List<Header> kept = new ArrayList<>(headers.entries().size());
    for (Header h : headers.entries()) {
      if (!isAlwaysHopByHop(h.name()) && !listed.contains(h.name().toLowerCase(Locale.ROOT))) {
        kept.add(h);
      }
    }
    return kept.size() == headers.entries().size() ? headers : new Headers(kept);
  }
}
