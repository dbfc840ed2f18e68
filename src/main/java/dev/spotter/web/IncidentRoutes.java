package dev.spotter.web;

import dev.spotter.incident.Guard;
import dev.spotter.incident.Guards;
import dev.spotter.incident.Incident;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.IncidentMarkdown;
import dev.spotter.incident.Incidents;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.web.view.GuardForm;
import dev.spotter.web.view.IncidentForm;
import dev.spotter.web.view.IncidentFormView;
import dev.spotter.web.view.IncidentView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code /incidents}: the post-mortems, each rendered from its fields, and the forms that create
 * and edit them. Saving goes through {@link Incidents}, which checks the rules and the version the
 * form was loaded at; a refusal shows the form again with the user's text and why. An incident's
 * page also lists its guards and pins new ones ({@link GuardForms}), and exports the post-mortem as
 * Markdown.
 */
final class IncidentRoutes {
  private final Store store;
  private final Clock clock;
  private final Pages pages;
  private final UnaryOperator<HttpRequestData> redaction;

  IncidentRoutes(Store store, Clock clock, Pages pages, UnaryOperator<HttpRequestData> redaction) {
    this.store = store;
    this.clock = clock;
    this.pages = pages;
    this.redaction = redaction;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/incidents", this::list);
    routes.get("/incidents/new", this::newForm);
    routes.post("/incidents", this::create);
    routes.get("/incidents/{id}", this::show);
    routes.get("/incidents/{id}/edit", this::editForm);
    routes.post("/incidents/{id}", this::edit);
    routes.get("/incidents/{id}/export.md", this::markdown);
    routes.post("/incidents/{id}/guards", this::addGuard);
  }

  private Incidents incidents() {
    return new Incidents(store, clock);
  }

  private void list(Context ctx) {
    pages.render(ctx, "incidents.jte", "Incidents", "incidents", incidents().list());
  }

  private void show(Context ctx) {
    page(ctx, find(ctx), GuardForm.blank(), List.of());
  }

  private void page(Context ctx, Incident i, GuardForm form, List<String> problems) {
    List<Guard> guards =
        new Guards(store, clock)
            .list(false).stream().filter(g -> g.incidentId() == i.id()).toList();
    pages.render(
        ctx,
        "incident.jte",
        "Incident " + i.id(),
        "incidents",
        new IncidentView(i, guards, form, problems));
  }

  private void markdown(Context ctx) {
    Incident i = find(ctx);
    ctx.contentType("text/markdown; charset=utf-8");
    ctx.header("Content-Disposition", "inline; filename=\"incident-" + i.id() + ".md\"");
    ctx.result(IncidentMarkdown.of(i));
  }

  /** Pins a guard as {@code spotter guard add} does; a refusal shows the page with the form. */
  private void addGuard(Context ctx) {
    Incident i = find(ctx);
    GuardForm form = GuardForms.read(ctx);
    GuardForms.Read read = GuardForms.pin(form, store, redaction);
    List<String> problems = read.problems();
    if (problems.isEmpty()) {
      try {
        new Guards(store, clock).add(i.id(), form.name(), read.request(), read.expectation());
        ctx.redirect("/incidents/" + i.id() + "#guards", HttpStatus.SEE_OTHER);
        return;
      } catch (SpotterException e) {
        if (!e.code().equals("guard.invalid")) {
          throw e;
        }
        problems = List.of("name: " + e.getMessage());
      }
    }
    ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
    page(ctx, i, form, problems);
  }

  private void newForm(Context ctx) {
    form(ctx, 0, IncidentForm.blank(), List.of());
  }

  private void editForm(Context ctx) {
    Incident i = find(ctx);
    form(ctx, i.id(), IncidentForm.of(i), List.of());
  }

  private void create(Context ctx) {
    IncidentForm form = IncidentForms.read(ctx);
    IncidentDraft draft = new IncidentDraft();
    List<String> problems = IncidentForms.apply(form, draft);
    if (!problems.isEmpty()) {
      refuse(ctx, 0, form, problems, HttpStatus.UNPROCESSABLE_CONTENT);
      return;
    }
    try {
      Incident saved = incidents().create(draft.build());
      ctx.redirect("/incidents/" + saved.id(), HttpStatus.SEE_OTHER);
    } catch (SpotterException e) {
      refused(ctx, 0, form, e);
    }
  }

  private void edit(Context ctx) {
    long id = find(ctx).id();
    IncidentForm form = IncidentForms.read(ctx);
    long version;
    try {
      version = Long.parseLong(form.version());
    } catch (NumberFormatException e) {
      refuse(
          ctx,
          id,
          form,
          List.of("the form lost the version it was loaded at; open the incident again"),
          HttpStatus.BAD_REQUEST);
      return;
    }
    try {
      // the form's text problems are found inside the edit so that a conflict is reported first
      incidents()
          .edit(
              id,
              version,
              d -> {
                List<String> problems = IncidentForms.apply(form, d);
                if (!problems.isEmpty()) {
                  throw new SpotterException(
                      "incident.invalid",
                      "the incident was not saved: " + String.join("; ", problems));
                }
              });
      ctx.redirect("/incidents/" + id, HttpStatus.SEE_OTHER);
    } catch (SpotterException e) {
      refused(ctx, id, form, e);
    }
  }

  private void refused(Context ctx, long id, IncidentForm form, SpotterException e) {
    switch (e.code()) {
      case "incident.invalid" ->
          refuse(ctx, id, form, List.of(e.getMessage()), HttpStatus.UNPROCESSABLE_CONTENT);
      case "incident.conflict" ->
          refuse(ctx, id, form, List.of(e.getMessage()), HttpStatus.CONFLICT);
      default -> throw e;
    }
  }

  private void refuse(
      Context ctx, long id, IncidentForm form, List<String> problems, HttpStatus status) {
    ctx.status(status);
    form(ctx, id, form, problems);
  }

  private void form(Context ctx, long id, IncidentForm form, List<String> problems) {
    String title = id > 0 ? "Edit incident " + id : "New incident";
    pages.render(
        ctx, "incident_form.jte", title, "incidents", new IncidentFormView(id, form, problems));
  }

  private Incident find(Context ctx) {
    long id = Ids.number(ctx.pathParam("id"), "incident");
    return incidents()
        .find(id)
        .orElseThrow(() -> HttpProblem.notFound("There is no incident " + id + "."));
  }
}
