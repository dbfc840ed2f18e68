package dev.spotter.proxy;

import dev.spotter.model.HttpRequestData;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Turns a client's request head into the one the primary receives, in place: hop-by-hop fields
 * removed (RFC 9110 section 7.6.1), the body's framing restated, Host kept or set to the primary's,
 * X-Forwarded-For extended with the client's address, X-Forwarded-Proto and X-Forwarded-Host added
 * when no proxy in front set them, the target put in origin form under the primary's base path.
 */
final class RequestRewriter {
  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  private RequestRewriter() {}

  /**
   * Rewrites {@code request} for {@code target}, the upstream chosen for it.
   *
   * @param clientIp the address the request came from
   * @return whether a body follows the head
   */
  static boolean rewrite(
      HttpRequest request, ProxySettings settings, ForwardTarget target, String clientIp) {
    HttpHeaders headers = request.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    long length = HttpUtil.getContentLength(request, -1L);
    String host = effectiveHost(request.uri(), headers.get(HttpHeaderNames.HOST));
    HopByHopHeaders.stripInPlace(headers);
    if (chunked) {
      // Netty's decoder already dropped a Content-Length sent beside chunked framing
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!settings.preserveHost() || host == null) {
      headers.set(HttpHeaderNames.HOST, target.upstream().hostHeader());
    } else {
      headers.set(HttpHeaderNames.HOST, host); // an absolute-form target's authority wins
    }
    if (settings.forwardedHeaders()) {
      // several X-Forwarded-For lines are one list (RFC 9110 section 5.3): joined, then extended
      List<String> earlier = headers.getAll(X_FORWARDED_FOR);
      headers.set(
          X_FORWARDED_FOR,
          earlier.isEmpty() ? clientIp : String.join(", ", earlier) + ", " + clientIp);
      if (!headers.contains(X_FORWARDED_PROTO)) {
        headers.set(X_FORWARDED_PROTO, "http");
      }
      if (host != null && !headers.contains(X_FORWARDED_HOST)) {
        headers.set(X_FORWARDED_HOST, host);
      }
    }
    request.setUri(target.requestTarget(originForm(request.uri())));
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    return chunked || length > 0;
  }

  /**
   * Points a request already rewritten for one upstream at another: its target path and, unless the
   * client's Host is kept, its Host.
   *
   * @param clientHost the Host the client sent, or null
   * @param clientUri the request target the client sent
   */
  static void retarget(
      HttpRequest request,
      ProxySettings settings,
      ForwardTarget target,
      String clientHost,
      String clientUri) {
    if (!settings.preserveHost() || clientHost == null) {
      request.headers().set(HttpHeaderNames.HOST, target.upstream().hostHeader());
    } else {
      request.headers().set(HttpHeaderNames.HOST, clientHost);
    }
    request.setUri(target.requestTarget(originForm(clientUri)));
  }

  /**
   * The host a request is for: the authority of an absolute-form target when it has one, which RFC
   * 9112 section 3.2.2 says to use instead of any Host field; otherwise the Host field.
   */
  static String effectiveHost(String uri, String hostHeader) {
    if (uri.startsWith("/")) {
      return hostHeader; // origin form, nearly every request
    }
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || !uri.regionMatches(true, 0, "http", 0, 4)) {
      return hostHeader;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String authority = uri.substring(start, end);
    int at = authority.lastIndexOf('@'); // userinfo is never part of Host
    authority = authority.substring(at + 1);
    return authority.isEmpty() ? hostHeader : authority;
  }

  /** The path and query of a request target; {@code *} (OPTIONS) stays as it is. */
  static String originForm(String uri) {
    if (uri.startsWith("/") && uri.indexOf('#') < 0) {
      return uri; // the usual case, as it came
    }
    if (uri.equals("*")) {
      return uri;
    }
    return HttpRequestData.pathAndQuery(uri);
  }
}
