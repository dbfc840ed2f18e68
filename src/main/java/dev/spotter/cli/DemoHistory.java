package dev.spotter.cli;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.DeployResult;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Deployments;
import dev.spotter.incident.Expectation;
import dev.spotter.incident.Guard;
import dev.spotter.incident.Guards;
import dev.spotter.incident.Incident;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.IncidentStatus;
import dev.spotter.incident.Incidents;
import dev.spotter.incident.KudosLog;
import dev.spotter.incident.Severity;
import dev.spotter.incident.TimelineEntry;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * A small, believable history for the demo's store, so that a new user finds every list and figure
 * populated: two post-mortems (one with its action items half done), the guard the first one led
 * to, eight weeks of deployments with a rollback and a hotfix, and kudos. Added once: a store that
 * has the demo's incidents already is left alone. The guard is added disabled, so that a check of
 * your own service in the same store never replays the demo's request.
 */
final class DemoHistory {
  static final String MARK = "[demo] ";

  /** What was added, for the demo's output. */
  record Added(int incidents, int guards, int deployments, int kudos) {}

  private DemoHistory() {}

  static Added fill(Store store, Clock clock) {
    Incidents incidents = new Incidents(store, clock);
    if (incidents.list().stream().anyMatch(i -> i.title().startsWith(MARK))) {
      return new Added(0, 0, 0, 0);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Incident checkout = incidents.create(checkout(now, clock));
    incidents.create(search(now));
    Guards guards = new Guards(store, clock);
    Guard g =
        guards.add(
            checkout.id(),
            "an unknown customer's orders stay a 404",
            new HttpRequestData(
                "GET",
                "/customers/999999/orders",
                new Headers(List.of(new Header("Accept", "application/json"))),
                Body.EMPTY),
            Expectation.parse("status 404"));
    guards.setActive(g.id(), false);
    int deployments = deployments(new Deployments(store), now);
    KudosLog kudos = new KudosLog(store, clock);
    kudos.add(
        "Ada", "Wrote the guard that replays the unknown-customer request in every check", null);
    kudos.add(
        "Grace", "Ran the post-mortem of the checkout outage; three action items came of it", null);
    kudos.addFromSpotter(
        "Canary demo-2.13 was rolled back by itself at 5 % of users, before most users met it:"
            + " error rate 4.1 % against 0.2 %",
        null);
    return new Added(2, 1, deployments, 3);
  }

  private static Incident checkout(Instant now, Clock clock) {
    Instant start = now.minus(Duration.ofDays(20)).minus(Duration.ofHours(3));
    IncidentDraft d = new IncidentDraft();
    d.title = MARK + "Checkout answered 500 for unknown customers";
    d.severity = Severity.SEV2;
    d.status = IncidentStatus.RESOLVED;
    d.started = start;
    d.detected = start.plus(Duration.ofMinutes(9));
    d.resolved = start.plus(Duration.ofMinutes(47));
    d.impact =
        "For 47 minutes, partners looking up orders of customers not yet synced got 500 instead of"
            + " 404; 2.1 % of order lookups failed, and two partners retried in a loop.";
    d.summary =
        "Release 2.14 changed how the customer lookup reports a missing customer; the orders"
            + " endpoint turned the new exception into a 500.";
    d.trigger = "Deployment of release 2.14 to all hosts at once.";
    d.contributingFactors.add("No replayed traffic covered unknown customers");
    d.contributingFactors.add("The error-rate alert watched the whole service, not each endpoint");
    d.contributingFactors.add("The release went to every host at once, with no canary step");
    d.detection = "A partner's support ticket, then the service-wide 5xx alert nine minutes in.";
    d.detectionSooner = "An alert per endpoint would have fired within two minutes.";
    d.response = "Rolled back to 2.13 by hand; the partners' retries stopped within a minute.";
    d.timeline.add(new TimelineEntry(start, "Release 2.14 reaches all hosts"));
    d.timeline.add(
        new TimelineEntry(
            start.plus(Duration.ofMinutes(6)), "Partner ticket: 500s on order lookup"));
    d.timeline.add(
        new TimelineEntry(start.plus(Duration.ofMinutes(9)), "5xx alert fires; on-call paged"));
    d.timeline.add(
        new TimelineEntry(start.plus(Duration.ofMinutes(38)), "Rollback to 2.13 started"));
    d.timeline.add(
        new TimelineEntry(start.plus(Duration.ofMinutes(47)), "Error rate back to normal"));
    d.wentWell.add("The rollback was one command and took nine minutes");
    d.wentWrong.add("Nobody could tell which endpoint failed from the dashboard");
    d.gotLucky.add("It happened on a quiet Sunday afternoon");
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    d.actionItems.add(
        new ActionItem(
            "Pin the unknown-customer request as a guard in every check",
            ActionItem.Kind.PREVENT,
            "orders-team",
            today.minusDays(12),
            ActionItem.Status.DONE));
    d.actionItems.add(
        new ActionItem(
            "Alert on the 5xx rate of each endpoint",
            ActionItem.Kind.DETECT,
            "platform-team",
            today.plusDays(10),
            ActionItem.Status.OPEN));
    d.actionItems.add(
        new ActionItem(
            "Release through spotter canary, 1 % first",
            ActionItem.Kind.MITIGATE, "orders-team", today.minusDays(3), ActionItem.Status.OPEN));
    return d.build();
  }

  private static Incident search(Instant now) {
    Instant start = now.minus(Duration.ofDays(45)).minus(Duration.ofHours(5));
    IncidentDraft d = new IncidentDraft();
    d.title = MARK + "Order search slow after an index change";
    d.severity = Severity.SEV3;
    d.status = IncidentStatus.REVIEWED;
    d.started = start;
    d.detected = start.plus(Duration.ofMinutes(25));
    d.resolved = start.plus(Duration.ofHours(2));
    d.impact = "Order search took 4 s at p99 instead of 300 ms for two hours; no errors.";
    d.trigger = "A migration dropped an index the search depended on.";
    d.contributingFactors.add("Migrations were reviewed without the queries that use each index");
    d.detection = "The p99 latency alert.";
    d.response = "The index was recreated online.";
    d.timeline.add(new TimelineEntry(start, "Migration 41 applied"));
    d.timeline.add(new TimelineEntry(start.plus(Duration.ofMinutes(25)), "p99 alert fires"));
    d.timeline.add(
        new TimelineEntry(start.plus(Duration.ofHours(2)), "Index recreated; p99 normal"));
    d.actionItems.add(
        new ActionItem(
            "Run migrations against a copy of production traffic first",
            ActionItem.Kind.PREVENT,
            "data-team",
            null,
            ActionItem.Status.DONE));
    return d.build();
  }

  /** About two deployments a week for eight weeks, one rolled back by a canary, one hotfix. */
  private static int deployments(Deployments deployments, Instant now) {
    Random random = new Random(7);
    int n = 0;
    for (int week = 8; week >= 1; week--) {
      for (int k = 0; k < 2; k++) {
        Instant at =
            now.minus(Duration.ofDays(week * 7L - k * 3L))
                .minus(Duration.ofHours(random.nextInt(6)));
        Instant commit = at.minus(Duration.ofHours(4 + random.nextInt(40)));
        String version = "2." + (n + 1);
        boolean rolledBack = week == 3 && k == 1;
        boolean hotfix = week == 6 && k == 1;
        deployments.record(
            new Deployment(
                0,
                version,
                commit,
                at,
                rolledBack
                    ? DeployResult.ROLLED_BACK
                    : hotfix ? DeployResult.HOTFIX : DeployResult.SUCCESS,
                rolledBack
                    ? at.plus(Duration.ofMinutes(4))
                    : hotfix ? at.plus(Duration.ofMinutes(95)) : null,
                false,
                rolledBack ? "canary" : "cli"));
        n++;
        if (hotfix) { // the fix itself: a deployment made because of production trouble
          deployments.record(
              new Deployment(
                  0,
                  version + ".1",
                  at.plus(Duration.ofMinutes(40)),
                  at.plus(Duration.ofMinutes(95)),
                  DeployResult.SUCCESS,
                  null,
                  true,
                  "cli"));
          n++;
        }
      }
    }
    return n;
  }
}
