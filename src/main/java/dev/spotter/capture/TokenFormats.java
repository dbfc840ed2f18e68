package dev.spotter.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials told by their form alone, wherever they stand: JSON Web Tokens and the token formats
 * of well-known services, each of which names itself by a prefix. Nothing else: a UUID, a hex
 * digest or a long number is an ordinary id far more often than a secret, and redacting it would
 * make ordinary reads unreplayable.
 */
final class TokenFormats {
  /** A match in a text: where, and which kind. */
  record Found(int start, int end, RedactionKind kind) {}

  /** Three base64url parts; the header is checked to decode to JSON with "alg". */
  private static final Pattern JWT =
      Pattern.compile("(?<![A-Za-z0-9_-])ey[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /** The named formats, one alternative each (see docs/formats.md for the list). */
  static final List<String> KNOWN =
      List.of(
          "gh[pousr]_[A-Za-z0-9]{36,}", // GitHub tokens
          "github_pat_[A-Za-z0-9_]{22,}", // GitHub fine-grained tokens
          "glpat-[A-Za-z0-9_-]{20,}", // GitLab personal access tokens
          "npm_[A-Za-z0-9]{36,}", // npm tokens
          "xox[abposr]-[A-Za-z0-9-]{10,}", // Slack tokens
          "(?:AKIA|ASIA)[A-Z0-9]{16}", // AWS access key ids
          "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}", // Stripe secret and restricted keys
          "whsec_[A-Za-z0-9+/=]{24,}", // Stripe webhook secrets
          "AIza[0-9A-Za-z_-]{35}", // Google API keys
          "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", // SendGrid API keys
          "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)");

  private static final Pattern KNOWN_PATTERN =
      Pattern.compile(
          "(?<![A-Za-z0-9_])(?:" + String.join("|", KNOWN) + ")(?![A-Za-z0-9_])",
          Pattern.MULTILINE);

  private TokenFormats() {}

  /** Every JWT and known token in the text, in no particular order, possibly overlapping. */
  static void find(String text, List<Found> into) {
    if (text.length() < 16) {
      return;
    }
    Matcher jwt = JWT.matcher(text);
    while (jwt.find()) {
      if (isJwt(jwt.group())) {
        into.add(new Found(jwt.start(), jwt.end(), RedactionKind.JWT));
      }
    }
    Matcher known = KNOWN_PATTERN.matcher(text);
    while (known.find()) {
      into.add(new Found(known.start(), known.end(), RedactionKind.KNOWN_TOKEN));
    }
  }

  /** Three base64url parts whose first decodes to a JSON object with an "alg" member. */
  static boolean isJwt(String candidate) {
    int dot = candidate.indexOf('.');
    if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) {
      return false;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(candidate.substring(0, dot));
      JsonNode node = JsonSupport.WHOLE_DOCUMENT.readTree(header);
      return node != null && node.isObject() && node.has("alg");
    } catch (Exception notAJwtHeader) { // malformed base64 or JSON: ordinary dotted text
      return false;
    }
  }
}
