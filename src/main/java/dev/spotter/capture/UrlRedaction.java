package dev.spotter.capture;

import java.util.function.Predicate;

/**
 * Redacts a URL (or a path with a query), keeping everything that is not secret as it was: the
 * password of its userinfo ({@code https://user:pass@host}, or a userinfo without a password, which
 * is how tokens travel as {@code https://TOKEN@host}), path segments that are or hold a credential
 * told by its form or learned earlier, and query parameters (see {@link QueryRedaction}).
 */
final class UrlRedaction {
  private UrlRedaction() {}

  static String redact(String url, Predicate<String> secretQueryName, Secrets secrets) {
    if (url.isEmpty()) {
      return url;
    }
    int hash = url.indexOf('#');
    String fragment = hash < 0 ? "" : url.substring(hash);
    String rest = hash < 0 ? url : url.substring(0, hash);
    int question = rest.indexOf('?');
    String query = question < 0 ? null : rest.substring(question + 1);
    String beforeQuery = question < 0 ? rest : rest.substring(0, question);

    String authorityPart = "";
    String path = beforeQuery;
    int scheme = beforeQuery.indexOf("://");
    if (scheme > 0 && isScheme(beforeQuery.substring(0, scheme))) {
      int slash = beforeQuery.indexOf('/', scheme + 3);
      authorityPart = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
      path = slash < 0 ? "" : beforeQuery.substring(slash);
      authorityPart = redactUserinfo(authorityPart, scheme + 3, secrets);
    }
    String redactedPath = redactPath(path, secrets);
    String redactedQuery =
        query == null
            ? null
            : QueryRedaction.redactParameters(
                query, secretQueryName, secrets, RedactionKind.QUERY_PARAMETER);
    String redactedFragment =
        fragment.isEmpty() ? fragment : secrets.scan(fragment, null, Secrets::urlEncoded);
    String out =
        authorityPart
            + redactedPath
            + (redactedQuery == null ? "" : "?" + redactedQuery)
            + redactedFragment;
    return out.equals(url) ? url : out;
  }

  /** {@code https://ada:pw@host} becomes {@code https://ada:%5BREDACTED%3A...%5D@host}. */
  private static String redactUserinfo(String authority, int hostStart, Secrets secrets) {
    int at = authority.lastIndexOf('@');
    if (at < hostStart || !secrets.detects()) {
      return authority;
    }
    String userinfo = authority.substring(hostStart, at);
    int colon = userinfo.indexOf(':');
    String user = colon < 0 ? "" : userinfo.substring(0, colon + 1);
    String secret = colon < 0 ? userinfo : userinfo.substring(colon + 1);
    String decoded = QueryRedaction.decode(secret);
    if (decoded.isEmpty() || secrets.isPlaceholder(decoded)) {
      return authority;
    }
    secrets.count(RedactionKind.URL_CREDENTIAL);
    return authority.substring(0, hostStart)
        + user
        + Secrets.urlEncoded(secrets.hide(decoded))
        + authority.substring(at);
  }

  /** Each segment between slashes: a learned value whole, or what a scan finds in it. */
  static String redactPath(String path, Secrets secrets) {
    if (path.isEmpty()) {
      return path;
    }
    String[] segments = path.split("/", -1);
    boolean changed = false;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty()) {
        continue;
      }
      String decoded = segment.indexOf('%') < 0 ? segment : percentDecode(segment);
      String redacted;
      if (secrets.isPlaceholder(decoded)) {
        continue;
      } else if (secrets.isLearned(decoded)) {
        redacted = Secrets.urlEncoded(secrets.hide(decoded));
        secrets.count(RedactionKind.PATH_SEGMENT);
      } else {
        redacted = secrets.scan(segment, RedactionKind.PATH_SEGMENT, Secrets::urlEncoded);
      }
      if (!redacted.equals(segment)) {
        segments[i] = redacted;
        changed = true;
      }
    }
    return changed ? String.join("/", segments) : path;
  }

  /** Percent-decoding of a path segment, where {@code +} is a plus. */
  private static String percentDecode(String segment) {
    return QueryRedaction.decode(segment.replace("+", "%2B"));
  }

  private static boolean isScheme(String s) {
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
