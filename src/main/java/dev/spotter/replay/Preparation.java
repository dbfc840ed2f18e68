package dev.spotter.replay;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;

/** What became of one recorded request: ready to send, or skipped for a stated reason. */
sealed interface Preparation {

  /**
   * A request ready for any target.
   *
   * @param shown the request as replayed: what reports show; with the Host only when every target
   *     was sent the same one
   * @param pathAndQuery the recorded path and query, made safe for the request line
   * @param headers the headers to send, without Host
   * @param body the body to send
   * @param host the Host sent to every target, or null when each is sent its own
   */
  record Ready(
      HttpRequestData shown, String pathAndQuery, Headers headers, byte[] body, String host)
      implements Preparation {

    /** The request as the given target receives it: its base path, its Host first. */
    UpstreamRequest requestFor(ReplayTarget target) {
      List<Header> withHost = new ArrayList<>(headers.entries().size() + 1);
      withHost.add(new Header("Host", host != null ? host : target.upstream().hostHeader()));
      withHost.addAll(headers.entries());
      return new UpstreamRequest(
          shown.method(), target.requestTarget(pathAndQuery), new Headers(withHost), body);
    }
  }

  /**
   * A request that is not replayed.
   *
   * @param reason stable short code, as in {@link SkipCount#reason()}
   * @param detail a sentence for people
   */
  record Skip(String reason, String detail) implements Preparation {}
}
