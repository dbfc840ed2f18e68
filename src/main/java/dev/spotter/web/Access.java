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

  /** The longest value a form field may have: a post-mortem is long, not megabytes. */
  static final int MAX_FIELD_CHARS = 20_000;

  private static final java.util.Set<String> LOOPBACK_NAMES =
      java.util.Set.of("127.0.0.1", "localhost", "[::1]");

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
    } else {
      checkLoopbackHost(ctx);
    }
    if (ctx.method() == HandlerType.POST) {
      checkSameOrigin(ctx);
      csrf.verify(ctx);
      checkFieldSizes(ctx);
    }
    csrf.issue(ctx);
  }

  /**
   * Without a token the dashboard trusts the machine only: a page elsewhere that rebinds its own
   * name to 127.0.0.1 (DNS rebinding) arrives with its own name in Host and is refused.
   */
  private static void checkLoopbackHost(Context ctx) {
    String host = ctx.header("Host");
    String name = host == null ? "" : host.strip().toLowerCase(java.util.Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > 0 && name.indexOf(']') < colon) {
      name = name.substring(0, colon);
    }
    if (!LOOPBACK_NAMES.contains(name)) {
      throw new HttpProblem(
          421,
          "Wrong address",
          "This dashboard answers only to http://127.0.0.1 or http://localhost; to open it under"
              + " another name, start it with --host and --token.");
    }
  }

  /** A browser says where a form came from: from another site, it is refused outright. */
  private static void checkSameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    boolean crossSite = site != null && !site.equals("same-origin") && !site.equals("none");
    boolean foreignOrigin =
        origin != null
            && !origin.equals("null")
            && host != null
            && !origin.equalsIgnoreCase("http://" + host)
            && !origin.equalsIgnoreCase("https://" + host);
    if (crossSite || foreignOrigin) {
      throw new HttpProblem(
          403,
          "Forbidden",
          "This form was sent from another site, so nothing was changed. Open the page from the"
              + " dashboard and resubmit it.");
    }
  }

  private static void checkFieldSizes(Context ctx) {
    for (var e : ctx.formParamMap().entrySet()) {
      for (String v : e.getValue()) {
        if (v.length() > MAX_FIELD_CHARS) {
          throw new HttpProblem(
              422,
              "Too long",
              "The field '"
                  + e.getKey()
                  + "' has "
                  + v.length()
                  + " characters; at most "
                  + MAX_FIELD_CHARS
                  + " are kept. Nothing was changed.");
        }
      }
    }
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
      // Lax: a link to the dashboard from chat or mail must arrive with it; forms are guarded by
      // the signed CSRF value and the origin check, not by this cookie
      Cookies.set(ctx, TOKEN_COOKIE, token, "Lax");
      return;
    }
    throw new HttpProblem(
        401,
        "Token needed",
        "This dashboard listens beyond this machine and needs its token: open it once with"
            + " ?token=YOUR_TOKEN, or send 'Authorization: Bearer YOUR_TOKEN'.");
  }
}
