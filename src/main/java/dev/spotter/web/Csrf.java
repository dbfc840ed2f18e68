package dev.spotter.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Cross-site request forgery protection by signed double submit: each browser gets a random value
 * signed with this process's secret (HMAC-SHA256) in an HttpOnly, SameSite=Strict cookie, every
 * form echoes it in a hidden field, and a POST whose field does not match its cookie, or whose
 * value this process did not sign, is refused before anything is read or written. The signature
 * stops a value planted in the cookie jar from another port or a sibling host.
 */
final class Csrf {
  static final String COOKIE = "spotter_csrf";
  static final String FIELD = "csrf";
  static final String ATTRIBUTE = "spotter.csrf";

  private final SecureRandom random = new SecureRandom();
  private final byte[] secret = new byte[32];

  Csrf() {
    random.nextBytes(secret);
  }

  /** Makes sure the browser has a value this process signed, and leaves it for the forms. */
  void issue(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (!signed(value)) {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      value = nonce + "." + signature(nonce);
      Cookies.set(ctx, COOKIE, value);
    }
    ctx.attribute(ATTRIBUTE, value);
  }

  private boolean signed(String value) {
    if (value == null || !value.matches("[A-Za-z0-9_-]{32}\\.[A-Za-z0-9_-]{43}")) {
      return false;
    }
    int dot = value.indexOf('.');
    return Secrets.same(value.substring(dot + 1), signature(value.substring(0, dot)));
  }

  private String signature(String nonce) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /**
   * Refuses a POST whose hidden field does not match its cookie.
   *
   * @throws HttpProblem 403
   */
  void verify(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (!signed(cookie) || !Secrets.same(cookie, ctx.formParam(FIELD))) {
      throw new HttpProblem(
          403,
          "Forbidden",
          "This form did not carry the dashboard's anti-forgery token, so nothing was changed."
              + " Open the page again from the dashboard and resubmit it.");
    }
  }
}
