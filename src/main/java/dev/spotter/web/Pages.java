package dev.spotter.web;

import dev.spotter.model.SpotterVersion;
import dev.spotter.web.view.ErrorView;
import dev.spotter.web.view.PageInfo;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the precompiled jte templates (compiled by the build into the jar, escaped as HTML) into
 * a response, inside the common frame.
 */
final class Pages {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Answers {@code ctx} with {@code template}, given {@code view} as its parameter {@code v}. */
  void render(Context ctx, String template, String title, String section, Object view) {
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(html(ctx, template, title, section, view));
  }

  String html(Context ctx, String template, String title, String section, Object view) {
    PageInfo page =
        new PageInfo(title, section, ctx.attribute(Csrf.ATTRIBUTE), SpotterVersion.VERSION);
    StringOutput out = new StringOutput();
    engine.render(template, Map.of("page", page, "v", view), out);
    return out.toString();
  }

  void error(Context ctx, int status, String title, String message) {
    ctx.status(status);
    render(ctx, "error.jte", title, "", new ErrorView(status, title, message));
  }
}
