package dev.spotter.web;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.DeployResult;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Deployments;
import dev.spotter.incident.DoraFigure;
import dev.spotter.incident.DoraMetrics;
import dev.spotter.incident.DoraReport;
import dev.spotter.incident.Incident;
import dev.spotter.incident.Incidents;
import dev.spotter.incident.KudosLog;
import dev.spotter.report.GuardLine;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCanary;
import dev.spotter.store.StoredRun;
import dev.spotter.web.view.ConfidenceView;
import dev.spotter.web.view.RunRow;
import dev.spotter.web.view.Show;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code /}: the confidence page, for a manager who wants to see the service getting safer. */
final class ConfidenceRoutes {
  static final int WINDOW_DAYS = 30;
  static final int WEEKS = 12;
  private static final int RUNS_READ = 200;
  private static final int SHOWN = 10;
  private static final String UNDECIDED = "undecided";

  private final Store store;
  private final Clock clock;
  private final Pages pages;

  ConfidenceRoutes(Store store, Clock clock, Pages pages) {
    this.store = store;
    this.clock = clock;
    this.pages = pages;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/", this::page);
  }

  private void page(Context ctx) {
    pages.render(ctx, "confidence.jte", "Confidence", "home", view());
  }

  ConfidenceView view() {
    Instant now = clock.instant();
    Instant trendStart = now.minus(Duration.ofDays(7L * WEEKS));
    Instant windowStart = now.minus(Duration.ofDays(WINDOW_DAYS));
    Instant from = trendStart.isBefore(windowStart) ? trendStart : windowStart;
    List<Deployment> deployments = new Deployments(store).between(from, now);
    DoraReport window = DoraMetrics.compute(deployments, windowStart, now);
    List<DoraReport> weeks = DoraMetrics.trend(deployments, now, Duration.ofDays(7), WEEKS);

    // checks and shadows both judge a change before its users meet it (a shadow answers users
    // from the primary only); a canary does not, and its rollbacks are listed apart below
    List<StoredRun> judged =
        store.recentRuns(RUNS_READ).stream()
            .filter(r -> r.kind().equals("check") || r.kind().equals("shadow"))
            .toList();
    // a run fails by regressions or by a guard: both kept the change from shipping as it was;
    // an undecided run caught nothing (nothing regressed) and passed nothing (it has no verdict)
    List<StoredRun> caughtRuns =
        judged.stream()
            .filter(r -> !UNDECIDED.equals(r.verdict()))
            .filter(r -> r.regressions() > 0 || "fail".equals(r.verdict()))
            .toList();
    List<ConfidenceView.CaughtRun> caught =
        caughtRuns.stream().limit(SHOWN).map(this::caught).toList();

    List<ConfidenceView.CanaryRow> rollbacks =
        store.canaries(RUNS_READ).stream()
            .filter(c -> c.state().equals("rolled_back"))
            .limit(SHOWN)
            .map(ConfidenceRoutes::canaryRow)
            .toList();
    List<Deployment> rolledBackByCanary =
        deployments.stream()
            .filter(d -> d.result() == DeployResult.ROLLED_BACK && d.source().equals("canary"))
            .toList();

    return new ConfidenceView(
        WINDOW_DAYS,
        WEEKS,
        window.deployments(),
        figures(window, weeks),
        caught,
        caughtRuns.size(),
        new ConfidenceView.RunsRead(
            judged.stream().filter(r -> r.kind().equals("check")).count(),
            judged.stream().filter(r -> r.kind().equals("shadow")).count()),
        judged.stream().filter(r -> UNDECIDED.equals(r.verdict())).count(),
        rollbacks,
        rolledBackByCanary,
        incidents(),
        new KudosLog(store, clock).latest(5));
  }

  /**
   * A failed run with the guards that failed it, read from its stored report (the run list holds no
   * reports); a run whose report cannot be read is still listed.
   */
  private ConfidenceView.CaughtRun caught(StoredRun r) {
    List<GuardLine> failed =
        store.run(r.id()).map(StoredRun::reportJson).map(GuardLine::of).orElse(List.of()).stream()
            .filter(GuardLine::failed)
            .toList();
    return new ConfidenceView.CaughtRun(RunRow.of(r), failed);
  }

  private static List<ConfidenceView.FigureCard> figures(
      DoraReport window, List<DoraReport> weeks) {
    List<Function<DoraReport, DoraFigure>> which =
        List.of(
            DoraReport::deploymentFrequency,
            DoraReport::leadTime,
            DoraReport::changeFailRate,
            DoraReport::recoveryTime,
            DoraReport::reworkRate);
    List<ConfidenceView.FigureCard> cards = new ArrayList<>();
    for (Function<DoraReport, DoraFigure> f : which) {
      DoraFigure figure = f.apply(window);
      cards.add(
          new ConfidenceView.FigureCard(
              figure.name(),
              figure.defined() ? Show.number(figure.value()) + " " + figure.unit() : "no data",
              figure.band().label(),
              "band band-" + figure.band().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              figure.explanation(),
              TrendCharts.of(weeks, f)));
    }
    return cards;
  }

  private List<ConfidenceView.IncidentCard> incidents() {
    List<ConfidenceView.IncidentCard> cards = new ArrayList<>();
    for (Incident i : new Incidents(store, clock).list()) {
      if (cards.size() == SHOWN) {
        break;
      }
      List<ActionItem> open =
          i.actionItems().stream().filter(a -> a.status() == ActionItem.Status.OPEN).toList();
      cards.add(new ConfidenceView.IncidentCard(i, open));
    }
    return cards;
  }

  private static ConfidenceView.CanaryRow canaryRow(StoredCanary c) {
    return new ConfidenceView.CanaryRow(
        c.name(), Show.time(c.startedAt()), Show.time(c.updatedAt()));
  }
}
