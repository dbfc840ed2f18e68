package dev.spotter.web;

import io.javalin.http.Context;

/** Cookies the dashboard sets: never readable by script, never sent by another site. */
final class Cookies {
  private Cookies() {}

  /**
   * Adds a session cookie. Written by hand because the response may carry two (token and CSRF) and
   * SameSite must be Strict: a cross-site form post then arrives without it.
   */
  static void set(Context ctx, String name, String value) {
    set(ctx, name, value, "Strict");
  }

  static void set(Context ctx, String name, String value, String sameSite) {
    ctx.res()
        .addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=" + sameSite);
  }
}
