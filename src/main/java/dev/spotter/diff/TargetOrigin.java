package dev.spotter.diff;

import java.util.Locale;
import java.util.Objects;

/**
 * The origin one target answered under: the scheme, host and port it was addressed at, and the
 * value the request named it by in {@code Host}. A service that builds absolute URLs (a Location, a
 * Link to the next page, a package's tarball) builds them from one of these, so two copies of the
 * same build on different ports write different URLs that point at the same thing; the diff reads
 * them with this origin replaced by a placeholder ({@link OriginNormaliser}).
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param host the host addressed: a name or an IP literal (IPv6 without brackets)
 * @param port the port addressed
 * @param hostSent the value of the {@code Host} header the target received, or null when unknown
 */
public record TargetOrigin(String scheme, String host, int port, String hostSent) {

  /** No origin known: nothing is normalised. */
  public static final TargetOrigin NONE = new TargetOrigin("http", "", 0, null);

  public TargetOrigin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (hostSent != null && hostSent.isBlank()) {
      hostSent = null;
    }
  }

  /** Whether there is nothing to normalise. */
  boolean isNone() {
    return host.isEmpty() && hostSent == null;
  }

  /** The port a URL of {@code scheme} means when it names none. */
  static int defaultPort(String scheme) {
    return scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? 443 : 80;
  }
}
