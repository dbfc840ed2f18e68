package dev.spotter.web;

import dev.spotter.report.GuardLine;
import dev.spotter.report.HtmlReport;
import dev.spotter.report.JsonReportReader;
import dev.spotter.report.ReportLimits;
import dev.spotter.report.RunHeadline;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import dev.spotter.web.view.RunRow;
import dev.spotter.web.view.RunView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /runs}: the stored check and shadow runs, and each run's report, the very page {@code
 * spotter report --run} writes (served as it is, so it works offline like the file).
 */
final class RunRoutes {
  private static final int LISTED = 100;
  private static final Set<String> REPORTABLE = Set.of("check", "shadow");
  private static final Pattern META_CSP =
      Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");

  private final Store store;
  private final Pages pages;

  RunRoutes(Store store, Pages pages) {
    this.store = store;
    this.pages = pages;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/runs", this::list);
    routes.get("/runs/{id}", this::run);
    routes.get("/runs/{id}/report", this::report);
  }

  private void list(Context ctx) {
    List<RunRow> rows = store.recentRuns(LISTED).stream().map(this::row).toList();
    pages.render(ctx, "runs.jte", "Runs", "runs", rows);
  }

  /**
   * A listed run with how many findings are undecided, read from its report (the list holds no
   * reports): a failed run can leave findings undecided too; only a pass has none.
   */
  private RunRow row(StoredRun listed) {
    if ("pass".equals(listed.verdict())) {
      return RunRow.of(listed);
    }
    return RunRow.of(listed, store.run(listed.id()).map(StoredRun::reportJson).orElse(null));
  }

  private void run(Context ctx) {
    StoredRun run = find(ctx.pathParam("id"));
    boolean reportable = REPORTABLE.contains(run.kind()) && run.reportJson() != null;
    pages.render(
        ctx,
        "run.jte",
        "Run " + run.id(),
        "runs",
        new RunView(
            RunRow.of(run),
            reportable,
            GuardLine.of(run.reportJson()),
            reportable ? RunHeadline.of(run.reportJson()).orElse(null) : null));
  }

  private void report(Context ctx) {
    StoredRun run = find(ctx.pathParam("id"));
    if (!REPORTABLE.contains(run.kind()) || run.reportJson() == null) {
      throw HttpProblem.notFound("Run " + run.id() + " has no check report to show.");
    }
    String html =
        new HtmlReport(ReportLimits.defaults()).render(JsonReportReader.read(run.reportJson()));
    // the report allows its own inline style and script by hash; the dashboard's policy would
    // block them, so this page gets the report's policy, which is as strict
    Matcher m = META_CSP.matcher(html);
    if (m.find()) {
      ctx.header("Content-Security-Policy", m.group(1) + "; frame-ancestors 'none'");
    }
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(html);
  }

  private StoredRun find(String id) {
    return store
        .run(id)
        .orElseThrow(() -> HttpProblem.notFound("There is no run '" + id + "' in the store."));
  }
}
