package dev.spotter.web;

import dev.spotter.incident.Guards;
import dev.spotter.incident.KudosEntry;
import dev.spotter.incident.KudosLog;
import dev.spotter.store.CorpusInfo;
import dev.spotter.store.Store;
import dev.spotter.web.view.KudosView;
import dev.spotter.web.view.MapView;
import dev.spotter.web.view.Show;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code /guards} (with the buttons that switch one off and on), {@code /kudos} (with its form) and
 * {@code /map}: the smaller pages.
 */
final class CatalogRoutes {
  private static final int KUDOS_LISTED = 100;

  private final Store store;
  private final Clock clock;
  private final Pages pages;
  private final MapMaker maps;
  private final String defaultCorpus;

  CatalogRoutes(Store store, Clock clock, Pages pages, MapMaker maps, String defaultCorpus) {
    this.store = store;
    this.clock = clock;
    this.pages = pages;
    this.maps = maps;
    this.defaultCorpus = defaultCorpus;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/guards", this::guards);
    routes.post("/guards/{id}/disable", ctx -> switchGuard(ctx, false));
    routes.post("/guards/{id}/enable", ctx -> switchGuard(ctx, true));
    routes.get("/kudos", this::kudos);
    routes.post("/kudos", this::addKudos);
    routes.get("/map", this::map);
  }

  private void guards(Context ctx) {
    pages.render(ctx, "guards.jte", "Guards", "guards", new Guards(store, clock).list(false));
  }

  /** As {@code spotter guard disable|enable}; back to the page the button was on. */
  private void switchGuard(Context ctx, boolean active) {
    long id = Ids.number(ctx.pathParam("id"), "guard");
    new Guards(store, clock).setActive(id, active);
    ctx.redirect(back(ctx.formParam("back")), HttpStatus.SEE_OTHER);
  }

  /** Only a page of the dashboard's own guards lists: never a redirect elsewhere. */
  static String back(String asked) {
    return asked != null && asked.matches("/guards|/incidents/[1-9][0-9]{0,18}")
        ? asked
        : "/guards";
  }

  private void kudos(Context ctx) {
    String now = Show.formTime(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    pages.render(ctx, "kudos.jte", "Kudos", "kudos", kudosView("", "", "", now, null));
  }

  private void addKudos(Context ctx) {
    String who = field(ctx, "who");
    String what = field(ctx, "what");
    String link = field(ctx, "link");
    String when = field(ctx, "when");
    try {
      new KudosLog(store, clock).add(who, what, link, when);
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
      pages.render(
          ctx,
          "kudos.jte",
          "Kudos",
          "kudos",
          kudosView(who, what, link, when, "Not added: " + e.getMessage()));
      return;
    }
    ctx.redirect("/kudos", HttpStatus.SEE_OTHER);
  }

  private KudosView kudosView(String who, String what, String link, String when, String message) {
    List<KudosEntry> entries = new KudosLog(store, clock).latest(KUDOS_LISTED);
    return new KudosView(entries, who, what, link, when, message);
  }

  private void map(Context ctx) {
    List<String> corpora = store.corpora().stream().map(CorpusInfo::name).toList();
    String asked = ctx.queryParam("corpus");
    String corpus = asked == null || asked.isBlank() ? defaultCorpus : asked;
    if (asked == null && !corpora.contains(corpus) && !corpora.isEmpty()) {
      corpus = corpora.get(0); // no corpus named and the configured one is absent: show one
    }
    MapView view =
        corpora.isEmpty()
            ? new MapView(corpus, corpora, null)
            : new MapView(corpus, corpora, maps.build(store, corpus));
    pages.render(ctx, "map.jte", "Service map", "map", view);
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }
}
