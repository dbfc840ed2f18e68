package dev.spotter.shadow;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ObservedExchange;
import dev.spotter.proxy.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the request a mirror is sent: the same request the primary received (its headers as the
 * proxy forwarded them, X-Forwarded-* included), under the mirror's base path, with Host kept or
 * set to the mirror's own, the body's length restated, and no Expect (the body goes at once).
 */
final class MirrorRequests {
  private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private MirrorRequests() {}

  static UpstreamRequest build(ForwardTarget target, ObservedExchange e, boolean preserveHost) {
    byte[] body = e.requestBody().bytes();
    List<Header> headers = new ArrayList<>(e.forwardedHeaders().entries().size() + 1);
    boolean hasHost = false;
    for (Header h : e.forwardedHeaders().entries()) {
      if (h.is("Expect")) {
        continue;
      }
      if (h.is("Host")) {
        if (hasHost) {
          continue;
        }
        hasHost = true;
        headers.add(preserveHost ? h : new Header(h.name(), target.upstream().hostHeader()));
        continue;
      }
      headers.add(h);
    }
    if (!hasHost) {
      headers.add(0, new Header("Host", target.upstream().hostHeader()));
    }
    if (body.length > 0 || METHODS_WITH_BODY.contains(e.method())) {
      headers.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    return new UpstreamRequest(
        e.method(), target.requestTarget(e.pathAndQuery()), new Headers(headers), body);
  }
}
