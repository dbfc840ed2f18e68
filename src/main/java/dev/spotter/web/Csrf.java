package dev.spotter.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Cross-site request forgery protection by double submit: each browser gets a random value in an
 * HttpOnly, SameSite=Strict cookie, every form echoes it in a hidden field, and a POST whose field
 * does not match its cookie is refused before anything is read or written.
 */
final class Csrf {
  static final String COOKIE = "spotter_csrf";
  static final String FIELD = "csrf";
  static final String ATTRIBUTE = "spotter.csrf";

  private final SecureRandom random = new SecureRandom();

  /** Makes sure the browser has a value, and leaves it for the forms of this page. */
  void issue(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (value == null || !value.matches("[A-Za-z0-9_-]{43}")) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Cookies.set(ctx, COOKIE, value);
    }
    ctx.attribute(ATTRIBUTE, value);
  }

  /**
   * Refuses a POST whose hidden field does not match its cookie.
   *
   * @throws HttpProblem 403
   */
  void verify(Context ctx) {
    if (!Secrets.same(ctx.cookie(COOKIE), ctx.formParam(FIELD))) {
      throw new HttpProblem(
          403,
          "Forbidden",
          "This form did not carry the dashboard's anti-forgery token, so nothing was changed."
              + " Open the page again from the dashboard and resubmit it.");
    }
  }
}
