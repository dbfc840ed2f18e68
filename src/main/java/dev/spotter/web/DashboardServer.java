package dev.spotter.web;

import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: a Javalin server of server-rendered pages over the store. Binds where {@link
 * DashboardSettings} says and refuses to listen beyond loopback without a token; every response
 * carries the security headers, every POST its anti-forgery token. A failing page answers with an
 * error page and the server keeps serving.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String RENDERED = "spotter.rendered";
  private static final Set<String> NOT_FOUND_CODES =
      Set.of("incident.unknown", "guard.unknown", "store.no_such_run", "store.no_such_corpus");
  private static final Map<String, String> ASSETS =
      Map.of(
          "report.css", "/dev/spotter/report/report.css",
          "dashboard.css", "/web/dashboard.css");

  private final Javalin app;

  private DashboardServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts serving.
   *
   * @param redaction what a guard pinned in the browser is stored as: the corpus's redaction
   *     (capture's {@code Redactor::redact}), as {@code spotter guard add} applies it
   * @throws SpotterException {@code serve.token_required} when the host is not loopback and no
   *     token is set; {@code serve.bind_failed} when the address cannot be bound
   */
  public static DashboardServer start(
      DashboardSettings settings,
      Store store,
      Clock clock,
      MapMaker maps,
      UnaryOperator<HttpRequestData> redaction) {
    if (settings.token() == null && !settings.loopback()) {
      throw new SpotterException(
          "serve.token_required",
          "the dashboard would listen on "
              + settings.host()
              + ", which other machines can reach: give it a --token (at least 12 characters)"
              + " that every request must carry, or bind to 127.0.0.1");
    }
    Pages pages = new Pages();
    Javalin app =
        Javalin.create(config -> configure(config, settings, pages, store, clock, maps, redaction));
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new SpotterException(
          "serve.bind_failed",
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
          false,
          e);
    }
    return new DashboardServer(app);
  }

  private static void configure(
      JavalinConfig config,
      DashboardSettings settings,
      Pages pages,
      Store store,
      Clock clock,
      MapMaker maps,
      UnaryOperator<HttpRequestData> redaction) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.jetty.host = settings.host();
    config.jetty.port = settings.port();
    config.http.maxRequestSize = 1L << 20; // a post-mortem is text: a megabyte is plenty
    var routes = config.routes;
    routes.before(new Access(settings.token(), new Csrf())::before);
    routes.get("/assets/{name}", DashboardServer::asset);
    new ConfidenceRoutes(store, clock, pages).register(routes);
    new RunRoutes(store, pages).register(routes);
    new IncidentRoutes(store, clock, pages, redaction).register(routes);
    new CatalogRoutes(store, clock, pages, maps, settings.defaultCorpus()).register(routes);
    routes.exception(
        HttpProblem.class, (e, ctx) -> problem(pages, ctx, e.status(), e.title(), e.getMessage()));
    routes.exception(
        SpotterException.class,
        (e, ctx) -> {
          boolean missing = NOT_FOUND_CODES.contains(e.code());
          if (!missing) {
            LOG.warn("{}: {}", ctx.path(), e.getMessage());
          }
          if (e.retryable()) {
            // the store is down or busy (a PostgreSQL restarting, a pool exhausted): a proxy or a
            // browser in front may try again, and the page says so
            ctx.header("Retry-After", "5");
            problem(pages, ctx, 503, "Not available right now", e.getMessage());
            return;
          }
          problem(
              pages,
              ctx,
              missing ? 404 : 500,
              missing ? "Not found" : "Something went wrong",
              e.getMessage());
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (badRequest(e)) { // a body or header the server cannot read: the client's mistake
            LOG.info("{}: bad request: {}", ctx.path(), e.toString());
            problem(pages, ctx, 400, "Bad request", "The request could not be read.");
            return;
          }
          LOG.error("{} failed", ctx.path(), e);
          problem(
              pages,
              ctx,
              500,
              "Something went wrong",
              "An internal error; the dashboard's log has the details.");
        });
    // a path no route knows; routes that find nothing throw HttpProblem and are rendered above
    routes.error(
        404,
        ctx -> {
          if (ctx.attribute(RENDERED) == null) {
            problem(pages, ctx, 404, "Not found", "There is no page at " + ctx.path() + ".");
          }
        });
  }

  private static void problem(Pages pages, Context ctx, int status, String title, String message) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    pages.error(ctx, status, title, message);
  }

  private static void asset(Context ctx) {
    String resource = ASSETS.get(ctx.pathParam("name"));
    if (resource == null) {
      throw HttpProblem.notFound("There is no asset " + ctx.pathParam("name") + ".");
    }
    try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      ctx.contentType("text/css; charset=utf-8");
      ctx.header("Cache-Control", "max-age=3600");
      ctx.result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on (the one chosen when asked for port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /** Whether an exception only says the request was unreadable (malformed body, bad charset). */
  private static boolean badRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.endsWith("BadMessageException")
          || t instanceof java.nio.charset.UnsupportedCharsetException
          || t instanceof java.nio.charset.IllegalCharsetNameException) {
        return true;
      }
    }
    return false;
  }
}
