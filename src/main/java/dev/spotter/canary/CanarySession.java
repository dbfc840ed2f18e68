package dev.spotter.canary;

import dev.spotter.model.SpotterException;
import dev.spotter.proxy.Routing;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One canary run ready to go: its routing policy (to hand to the proxy) and its controller (to
 * run), resumed from the store when a run of the same name is not over, new otherwise.
 */
public final class CanarySession {
  private final CanaryRouter router;
  private final CanaryController controller;
  private final Optional<CanaryJournal.Entry> resumed;

  private CanarySession(
      CanaryRouter router, CanaryController controller, Optional<CanaryJournal.Entry> resumed) {
    this.router = router;
    this.controller = controller;
    this.resumed = resumed;
  }

  /**
   * Prepares the run named in {@code plan}.
   *
   * @throws SpotterException {@code canary.resume_mismatch} when a run of that name is in progress
   *     with other targets or steps
   */
  public static CanarySession open(CanaryPlan plan, CanaryJournal journal, Clock clock) {
    Optional<CanaryJournal.Entry> previous =
        journal.load(plan.name()).filter(e -> !e.result().state().over());
    previous.ifPresent(e -> checkNobodyElseRunsIt(plan.name(), e, clock));
    previous.ifPresent(e -> checkSamePlan(plan, e.result()));
    if (previous.isEmpty()) {
      journal.takeCommand(plan.name()); // a command left for an earlier run is not for this one
    }
    String salt = previous.map(CanaryJournal.Entry::salt).orElseGet(CanarySession::newSalt);
    AaLog aaLog = plan.aaMode() ? new AaLog() : null;
    CanaryRouter router =
        new CanaryRouter(
            plan.canary(),
            plan.key(),
            salt,
            plan.overrideHeader(),
            plan.valueSources("header:"),
            plan.valueSources(PrometheusSource.PREFIX),
            aaLog);
    CanaryController controller =
        new CanaryController(plan, router, journal, clock, salt, aaLog, previous);
    return new CanarySession(router, controller, previous);
  }

  private static void checkSamePlan(CanaryPlan plan, CanaryResult stored) {
    String canaryUrl = plan.aaMode() ? plan.baseline().url() : plan.canary().url();
    boolean same =
        stored.baselineUrl().equals(plan.baseline().url())
            && stored.canaryUrl().equals(canaryUrl)
            && stored.aaMode() == plan.aaMode()
            && (stored.routingKey() == null || stored.routingKey().equals(plan.key().toString()))
            && stored.plannedPercents().size() == plan.stepBasisPoints().size()
            && java.util.stream.IntStream.range(0, plan.stepBasisPoints().size())
                .allMatch(
                    i ->
                        Math.round(stored.plannedPercents().get(i) * 100)
                            == plan.stepBasisPoints().get(i));
    if (!same) {
      throw new SpotterException(
          "canary.resume_mismatch",
          "canary run '"
              + plan.name()
              + "' is in progress with baseline "
              + stored.baselineUrl()
              + ", canary "
              + stored.canaryUrl()
              + " and steps "
              + stored.plannedPercents().stream().map(CanaryPlan::percentText).toList()
              + " %"
              + (stored.routingKey() != null ? ", users by " + stored.routingKey() : "")
              + "; resume it with the same targets, steps and key, abort it (`spotter canary abort"
              + " --name "
              + plan.name()
              + "`), or choose another --name",
          false,
          null);
    }
  }

  /** Two processes driving one run would fight over its users and its record. */
  private static void checkNobodyElseRunsIt(String name, CanaryJournal.Entry e, Clock clock) {
    List<RunEvent> events = e.result().events();
    boolean leftCleanly =
        !events.isEmpty() && events.get(events.size() - 1).kind().equals("stopped");
    boolean heardRecently =
        e.updatedAt().plus(CanaryJournal.HEARTBEAT_STALE).isAfter(clock.instant());
    if (heardRecently && !leftCleanly) {
      throw new SpotterException(
          "canary.running_elsewhere",
          "canary run '"
              + name
              + "' is being run by another process (last heard of at "
              + e.updatedAt()
              + "); stop that one first, or wait "
              + CanaryJournal.HEARTBEAT_STALE.toSeconds()
              + " s if it crashed",
          false,
          null);
    }
  }

  private static String newSalt() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The policy to start the proxy with. */
  public Routing routing() {
    return router;
  }

  public CanaryController controller() {
    return controller;
  }

  /** The stored run this session resumes, if it does. */
  public Optional<CanaryJournal.Entry> resumed() {
    return resumed;
  }

  /** Canary users' requests the baseline served because the canary could not be connected to. */
  public long reroutedRequests() {
    return router.reroutedRequests();
  }

  /** Requests forced onto the canary by the override header. */
  public long forcedRequests() {
    return router.forcedRequests();
  }
}
