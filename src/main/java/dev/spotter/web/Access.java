package dev.spotter.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * What runs before every route: the security headers, the token (when one is set), and the CSRF
 * check of a POST. A refusal is thrown as an {@link HttpProblem} so that no route runs.
 */
final class Access {
  static final String TOKEN_COOKIE = "spotter_token";

  /** Scripts are never needed: the pages are plain HTML, the charts inline SVG. */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private final String token;
  private final Csrf csrf;

  Access(String token, Csrf csrf) {
    this.token = token;
    this.csrf = csrf;
  }

  void before(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    if (token != null) {
      checkToken(ctx);
    }
    if (ctx.method() == HandlerType.POST) {
      csrf.verify(ctx);
    }
    csrf.issue(ctx);
  }

  private void checkToken(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (Secrets.same(token, auth.substring(7).strip())) {
        return;
      }
    } else if (Secrets.same(token, ctx.cookie(TOKEN_COOKIE))) {
      return;
    } else if (Secrets.same(token, ctx.queryParam("token"))) {
      // the first visit with ?token= leaves a cookie, so links inside the dashboard need no token
      Cookies.set(ctx, TOKEN_COOKIE, token);
      return;
    }
    throw new HttpProblem(
        401,
        "Token needed",
        "This dashboard listens beyond this machine and needs its token: open it once with"
            + " ?token=YOUR_TOKEN, or send 'Authorization: Bearer YOUR_TOKEN'.");
  }
}
