package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.canary.SimulatedService;
import dev.spotter.canary.UserTraffic;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spotter canary} end to end: real backends with a planted difference, real users through
 * the real proxy, the real command line; the verdict, the exit code and the report are what a user
 * would see.
 */
class CanaryCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final ExecutorService runner = Executors.newCachedThreadPool();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    runner.shutdownNow();
  }

  /** A canary run in progress, in this process, through the real command line. */
  private record Running(Future<Integer> exit, InetSocketAddress proxy, Path reports) {
    int exitCode() throws Exception {
      return exit.get(120, TimeUnit.SECONDS);
    }

    JsonNode report() throws IOException {
      return JSON.readTree(reports.resolve("report.json").toFile());
    }
  }

  private SimulatedService service(double medianMs, double errorShare, long seed) {
    SimulatedService s = SimulatedService.start(medianMs, 0.15, errorShare, seed);
    open.add(s);
    return s;
  }

  private Running canary(String... options) throws Exception {
    int port = Ports.free();
    Path reports = dir.resolve("report-" + port);
    List<String> args =
        new ArrayList<>(
            List.of(
                "canary",
                "--listen",
                "127.0.0.1:" + port,
                "--admin",
                "off",
                "--store",
                dir.resolve("spotter.db").toString(),
                "--report",
                reports.toString(),
                "--key",
                "header:X-User",
                "--drain-timeout",
                "2s"));
    args.addAll(List.of(options));
    Future<Integer> exit = runner.submit(() -> Main.execute(args.toArray(String[]::new)));
    if (!Ports.awaitListening(port, Duration.ofSeconds(20))) {
      throw new AssertionError("the canary did not start; exit " + exit.get(5, TimeUnit.SECONDS));
    }
    return new Running(exit, new InetSocketAddress("127.0.0.1", port), reports);
  }

  private UserTraffic users(Running run, int concurrency, long pauseMillis) {
    UserTraffic t =
        new UserTraffic(
                run.proxy(), concurrency, 5000, pauseMillis, 200_000, Duration.ofSeconds(90), 7)
            .start();
    open.add(0, t);
    return t;
  }

  private static List<String> eventKinds(JsonNode report) {
    List<String> kinds = new ArrayList<>();
    report.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
    return kinds;
  }

  @Test
  void aCanaryThirtyPercentSlowerIsRolledBackWithinTwoSteps() throws Exception {
    SimulatedService baseline = service(40, 0, 1);
    SimulatedService slower = service(52, 0, 2);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", slower.url(),
            // three judged steps, so that "within two" excludes one of them
            "--steps", "5,25,50,100",
            "--step-duration", "6s",
            "--judge-every", "500ms");
    UserTraffic traffic = users(run, 24, 0);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(1);
    assertThat(report.get("verdict").asText()).isEqualTo("rolled_back");
    JsonNode failed = lastStep(report);
    assertThat(failed.get("index").asInt()).isLessThanOrEqualTo(1); // within two of three steps
    assertThat(failed.get("outcome").asText()).isEqualTo("failed");
    assertThat(failedMetrics(failed)).anyMatch(m -> m.startsWith("latency"));

    // the run is in the history, and its reports can be written again from the store
    String store = dir.resolve("spotter.db").toString();
    assertThat(Cli.run("runs", "--store", store).out()).contains("canary", "rolled_back");
    Path again = dir.resolve("again");
    Cli.Result rewritten =
        Cli.run("report", "--run", "1", "--store", store, "--report", again.toString());
    assertThat(rewritten.exitCode()).as(rewritten.toString()).isZero();
    assertThat(JSON.readTree(again.resolve("report.json").toFile()).get("verdict").asText())
        .isEqualTo("rolled_back");
  }

  @Test
  void aCanaryWithTwoPointsMoreServerErrorsIsRolledBack() throws Exception {
    SimulatedService baseline = service(5, 0.005, 3);
    SimulatedService failing = service(5, 0.025, 4);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", failing.url(),
            "--steps", "20,50,100",
            "--step-duration", "8s",
            "--judge-every", "500ms");
    UserTraffic traffic = users(run, 16, 0);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(1);
    assertThat(report.get("verdict").asText()).isEqualTo("rolled_back");
    assertThat(failedMetrics(lastStep(report))).contains("error-rate");
  }

  @Test
  void anIdenticalCanaryIsPromotedToAllUsers() throws Exception {
    SimulatedService baseline = service(5, 0, 5);
    SimulatedService same = service(5, 0, 6);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", same.url(),
            "--steps", "25,50,100",
            "--step-duration", "5s",
            "--judge-every", "500ms",
            "--max-extensions", "6");
    UserTraffic traffic = users(run, 16, 0);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isZero();
    assertThat(report.get("verdict").asText()).isEqualTo("promoted");
    JsonNode steps = report.get("steps");
    assertThat(steps.get(steps.size() - 1).get("canary_percent").asDouble()).isEqualTo(100.0);
    assertThat(steps.get(steps.size() - 1).get("outcome").asText()).isEqualTo("full");
    assertThat(Files.readString(run.reports().resolve("report.html"))).contains("romoted");
  }

  @Test
  void lowTrafficIsInconclusiveAndExtendsTheStepWithoutAVerdict() throws Exception {
    SimulatedService baseline = service(5, 0, 7);
    SimulatedService canary = service(5, 0, 8);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--steps", "10,100",
            "--step-duration", "1s",
            "--judge-every", "250ms",
            "--max-extensions", "2",
            "--duration", "5s");
    UserTraffic traffic = users(run, 1, 100);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(2); // stopped before a verdict
    assertThat(report.get("verdict").isNull()).isTrue();
    assertThat(eventKinds(report)).contains("step_extended", "held");
    assertThat(eventKinds(report)).doesNotContain("rolled_back", "promoted");
    JsonNode step = report.get("steps").get(0);
    // a held step is looked at every 250 ms, not in a busy loop: about 20 looks in 5 s
    assertThat(step.get("looks").asInt()).isBetween(5, 40);
    assertThat(step.get("extensions").asInt()).isEqualTo(2);
    assertThat(step.get("judgement").get("verdict").asText()).isEqualTo("inconclusive");
  }

  @Test
  void aCanaryThatRefusesConnectionsIsRolledBackWhileNoClientNotices() throws Exception {
    SimulatedService baseline = service(5, 0, 9);
    int nothingListens = Ports.free();
    Running run =
        canary(
            "--baseline",
            baseline.url(),
            "--canary",
            "http://127.0.0.1:" + nothingListens,
            "--steps",
            "10,50,100",
            "--step-duration",
            "10s",
            "--judge-every",
            "250ms",
            "--keep-serving",
            "--duration",
            "6s");
    // clients stop before the proxy does: every request they send meets a serving proxy
    UserTraffic traffic =
        new UserTraffic(run.proxy(), 8, 500, 0, 200_000, Duration.ofSeconds(4), 7).start();
    open.add(0, traffic);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).isEqualTo(1);
    assertThat(report.get("verdict").asText()).isEqualTo("rolled_back");
    assertThat(report.get("reason").asText()).contains("did not serve any of its last");
    assertThat(lastStep(report).get("outcome").asText()).isEqualTo("canary_unreachable");
    JsonNode arms = lastStep(report).get("arms");
    assertThat(arms.get("canary").get("connect_failures").asLong()).isGreaterThanOrEqualTo(5);
    // the canary's users served by the baseline are not samples of the baseline
    assertThat(arms.get("baseline").get("requests").asLong()).isLessThan(traffic.status(200));
    assertThat(traffic.status(502) + traffic.status(504) + traffic.transportErrors()).isZero();
    assertThat(traffic.status(200)).isEqualTo(traffic.sent());
  }

  @Test
  void aFailingBaselineIsReportedLoudlyAndPausesTheRunInsteadOfJudgingIt() throws Exception {
    SimulatedService baseline = service(5, 0, 20);
    SimulatedService canary = service(5, 0, 21);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--steps", "10,100",
            "--step-duration", "60s",
            "--judge-every", "250ms",
            "--upstream-timeout", "1s",
            "--duration", "4s");
    UserTraffic traffic = users(run, 8, 5);
    Thread.sleep(1500);

    baseline.close(); // the old build goes down in the middle of the run

    int exit = run.exitCode();
    traffic.close();
    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(2);
    assertThat(report.get("state").asText()).isEqualTo("paused");
    assertThat(report.get("reason").asText()).contains("baseline is failing");
    assertThat(eventKinds(report)).contains("baseline_failing").doesNotContain("rolled_back");
  }

  @Test
  void aCanaryThatBurnsTwiceTheCpuInPrometheusIsRolledBackOnThatMetric() throws Exception {
    SimulatedService baseline = service(5, 0, 22);
    SimulatedService canary = service(5, 0, 23);
    List<String> queries = new CopyOnWriteArrayList<>();
    java.util.Random noise = new java.util.Random(24);
    try (var prometheus =
        dev.spotter.testsupport.TestHttpServer.start(
            exchange -> {
              String query =
                  java.net.URLDecoder.decode(
                      exchange.getRequestURI().getRawQuery().substring("query=".length()),
                      java.nio.charset.StandardCharsets.UTF_8);
              queries.add(query);
              double cpu;
              synchronized (noise) {
                cpu = (query.contains("track=\"new\"") ? 0.60 : 0.30) + 0.02 * noise.nextGaussian();
              }
              String body =
                  "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                      + "[{\"metric\":{},\"value\":[1764230400.0,\""
                      + cpu
                      + "\"]}]}}";
              dev.spotter.testsupport.TestHttpServer.respond(
                  exchange, 200, "application/json", body.getBytes());
            })) {
      Path config = dir.resolve("spotter.yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "canary:",
              "  minSamples: 10",
              "  prometheus:",
              "    url: " + prometheus.baseUri(),
              "    baselineLabel: old",
              "    canaryLabel: new",
              "  metrics:",
              "    - {name: errors, kind: error-rate, weight: 50, critical: true}",
              "    - name: cpu",
              "      kind: value",
              "      source: 'prometheus:rate(cpu_seconds_total{track=\"${arm}\"}[1m])'",
              "      minEffect: {relative: 0.2, absolute: 0.05}",
              "      weight: 50",
              "      critical: true",
              ""));
      Running run =
          canary(
              "--config",
              config.toString(),
              "--baseline",
              baseline.url(),
              "--canary",
              canary.url(),
              "--steps",
              "50,100",
              "--step-duration",
              "30s",
              "--judge-every",
              "100ms");
      users(run, 4, 5);

      int exit = run.exitCode();
      JsonNode report = run.report();
      assertThat(exit).as(report.toPrettyString()).isEqualTo(1);
      assertThat(failedMetrics(lastStep(report))).containsExactly("cpu");
      assertThat(queries)
          .contains(
              "rate(cpu_seconds_total{track=\"old\"}[1m])",
              "rate(cpu_seconds_total{track=\"new\"}[1m])");
    }
  }

  @Test
  void aPrometheusThatCannotBeReachedLeavesItsMetricWithoutDataAndSaysSo() throws Exception {
    SimulatedService baseline = service(5, 0, 25);
    SimulatedService canary = service(5, 0, 26);
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "canary:",
            "  prometheus: {url: 'http://127.0.0.1:" + Ports.free() + "'}",
            "  metrics:",
            "    - {name: errors, kind: error-rate, weight: 50, critical: true}",
            "    - {name: cpu, kind: value, source: 'prometheus:up{track=\"${arm}\"}', weight: 50}",
            ""));
    Running run =
        canary(
            "--config",
            config.toString(),
            "--baseline",
            baseline.url(),
            "--canary",
            canary.url(),
            "--step-duration",
            "30s",
            "--judge-every",
            "250ms",
            "--duration",
            "2s");
    users(run, 2, 10);

    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode report = run.report();
    assertThat(eventKinds(report)).containsOnlyOnce("external_metric_failed");
    assertThat(report.toString()).doesNotContain("rolled_back");
  }

  @Test
  void anOperatorAbortsARunningCanaryFromAnotherCommand() throws Exception {
    SimulatedService baseline = service(5, 0, 10);
    SimulatedService canary = service(5, 0, 11);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--name", "orders-v2",
            "--step-duration", "60s",
            "--judge-every", "1s");
    users(run, 2, 20);
    String store = dir.resolve("spotter.db").toString();

    Cli.Result status =
        awaitCli(r -> r.out().contains("running"), "canary", "status", "--store", store);
    Cli.Result detail = Cli.run("canary", "status", "--store", store, "--name", "orders-v2");
    Cli.Result second =
        Cli.run(
            "canary",
            "--listen",
            "127.0.0.1:" + Ports.free(),
            "--admin",
            "off",
            "--store",
            store,
            "--baseline",
            baseline.url(),
            "--canary",
            canary.url(),
            "--name",
            "orders-v2",
            "--step-duration",
            "60s");
    Cli.Result abort = Cli.run("canary", "abort", "--store", store, "--name", "orders-v2");

    assertThat(status.out()).contains("orders-v2");
    assertThat(detail.out()).contains("step 1", "1 %");
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.err()).contains("being run by another process");
    assertThat(abort.exitCode()).as(abort.toString()).isZero();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.report().get("verdict").asText()).isEqualTo("aborted");
    Cli.Result again = Cli.run("canary", "abort", "--store", store, "--name", "orders-v2");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already over");
  }

  @Test
  void anOperatorPromotesARunningCanaryPastItsRemainingSteps() throws Exception {
    SimulatedService baseline = service(5, 0, 12);
    SimulatedService canary = service(5, 0, 13);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--name", "orders-v3",
            "--step-duration", "60s",
            "--judge-every", "1s");
    users(run, 2, 20);
    String store = dir.resolve("spotter.db").toString();
    awaitCli(r -> r.out().contains("orders-v3"), "canary", "status", "--store", store);

    Cli.Result promote = Cli.run("canary", "promote", "--store", store, "--name", "orders-v3");

    assertThat(promote.exitCode()).as(promote.toString()).isZero();
    assertThat(run.exitCode()).isZero();
    JsonNode report = run.report();
    assertThat(report.get("verdict").asText()).isEqualTo("promoted");
    assertThat(report.get("steps").get(0).get("outcome").asText()).isEqualTo("skipped");
  }

  @Test
  void aRestartedCanaryResumesItsRunWithTheSameUsersOnTheCanary() throws Exception {
    // backends that say which arm answered, so that every user's arm can be seen from outside
    try (var baseline = namedBackend("baseline");
        var canary = namedBackend("canary")) {
      String[] options = {
        "--baseline", baseline.baseUri().toString(),
        "--canary", canary.baseUri().toString(),
        "--name", "resumable",
        "--steps", "5,100",
        "--step-duration", "60s",
        "--judge-every", "500ms",
        "--duration", "6s"
      };
      Running first = canary(options);
      Map<Integer, String> before = armsOnceSplit(first.proxy(), 1000);
      assertThat(first.exitCode()).isEqualTo(2); // stopped before a verdict
      JsonNode stopped = first.report();
      assertThat(eventKinds(stopped)).contains("stopped");

      Running second = canary(options);
      Map<Integer, String> after = armsOnceSplit(second.proxy(), 1000);
      assertThat(second.exitCode()).isEqualTo(2);
      JsonNode resumed = second.report();
      assertThat(eventKinds(resumed)).containsSubsequence("started", "stopped", "resumed");
      assertThat(resumed.get("started").asText()).isEqualTo(stopped.get("started").asText());
      // about 5 % of the users are on the canary, and exactly the same ones after the restart
      assertThat(before.values().stream().filter("canary"::equals).count()).isBetween(20L, 100L);
      assertThat(after).isEqualTo(before);
    }
  }

  @Test
  void aCanaryThatTimesOutIsRolledBack() throws Exception {
    SimulatedService baseline = service(5, 0, 30);
    SimulatedService stuck = service(5000, 0, 31); // answers long after the proxy gave up
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", stuck.url(),
            "--steps", "20,100",
            "--step-duration", "30s",
            "--judge-every", "250ms",
            "--upstream-timeout", "300ms");
    UserTraffic traffic = users(run, 8, 0);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(1);
    assertThat(report.get("verdict").asText()).isEqualTo("rolled_back");
    assertThat(report.get("reason").asText())
        .contains("did not serve any of its last", "timed out");
    assertThat(lastStep(report).get("outcome").asText()).isEqualTo("canary_unreachable");
  }

  @Test
  void aPromotionHookThatRefusesHoldsTheRunWithItsMessage() throws Exception {
    SimulatedService baseline = service(5, 0, 32);
    SimulatedService canary = service(5, 0, 33);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--name", "frozen",
            "--step-duration", "60s",
            "--judge-every", "250ms",
            "--promotion-hook", "echo 'change freeze until Monday'; exit 3",
            "--duration", "5s");
    users(run, 2, 20);
    String store = dir.resolve("spotter.db").toString();
    awaitCli(r -> r.out().contains("frozen"), "canary", "status", "--store", store);

    Cli.Result promote = Cli.run("canary", "promote", "--store", store, "--name", "frozen");

    assertThat(promote.exitCode()).as(promote.toString()).isZero();
    assertThat(run.exitCode()).isEqualTo(2); // held, then stopped: no verdict
    JsonNode report = run.report();
    assertThat(report.get("state").asText()).isEqualTo("paused");
    assertThat(report.get("reason").asText())
        .contains("held before promotion", "exited with 3", "change freeze until Monday");
    assertThat(eventKinds(report)).contains("hook_halted").doesNotContain("promoted");
    assertThat(report.toString()).doesNotContain("\"outcome\":\"full\"");
  }

  @Test
  void webhooksAnsweringTwoHundredLetTheRunGoOnToPromotion() throws Exception {
    SimulatedService baseline = service(5, 0, 34);
    SimulatedService canary = service(5, 0, 35);
    List<String> asked = new CopyOnWriteArrayList<>();
    try (var hook =
        dev.spotter.testsupport.TestHttpServer.start(
            exchange -> {
              asked.add(JSON.readTree(exchange.getRequestBody()).get("event").asText());
              dev.spotter.testsupport.TestHttpServer.respond(exchange, 204, null, new byte[0]);
            })) {
      Running run =
          canary(
              "--baseline",
              baseline.url(),
              "--canary",
              canary.url(),
              "--name",
              "approved",
              "--step-duration",
              "60s",
              "--judge-every",
              "250ms",
              "--pre-step-hook",
              hook.baseUri() + "/pre-step",
              "--promotion-hook",
              hook.baseUri() + "/promotion");
      users(run, 2, 20);
      String store = dir.resolve("spotter.db").toString();
      awaitCli(r -> r.out().contains("approved"), "canary", "status", "--store", store);
      awaitCanaryTraffic(canary);

      Cli.Result promote = Cli.run("canary", "promote", "--store", store, "--name", "approved");

      assertThat(promote.exitCode()).as(promote.toString()).isZero();
      assertThat(run.exitCode()).isZero();
      JsonNode report = run.report();
      assertThat(report.get("verdict").asText()).isEqualTo("promoted");
      assertThat(asked).containsExactly("pre-step", "promotion");
      assertThat(eventKinds(report)).contains("hook_ran").doesNotContain("hook_halted");
      assertThat(canary.requests()).isPositive();
    }
  }

  @Test
  void aHookThatTakesTooLongIsKilledAndHoldsTheRun() throws Exception {
    SimulatedService baseline = service(5, 0, 36);
    SimulatedService canary = service(5, 0, 37);
    Running run =
        canary(
            "--baseline", baseline.url(),
            "--canary", canary.url(),
            "--pre-step-hook", "sleep 20",
            "--hook-timeout", "500ms",
            "--duration", "3s");
    UserTraffic traffic = users(run, 2, 20);

    assertThat(run.exitCode()).isEqualTo(2);
    traffic.close();
    JsonNode report = run.report();
    assertThat(report.get("state").asText()).isEqualTo("paused");
    assertThat(report.get("reason").asText())
        .contains("pre-step hook", "did not finish within 500 ms and was killed");
    assertThat(canary.requests()).isZero();
  }

  @Test
  void aPreStepWebhookThatRefusesHoldsTheRunBeforeAnyUserMoves() throws Exception {
    SimulatedService baseline = service(5, 0, 16);
    SimulatedService canary = service(5, 0, 17);
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    try (var hook =
        dev.spotter.testsupport.TestHttpServer.start(
            exchange -> {
              asked.incrementAndGet();
              exchange.getRequestBody().readAllBytes();
              dev.spotter.testsupport.TestHttpServer.respond(
                  exchange, 503, "text/plain", "change freeze".getBytes());
            })) {
      Running run =
          canary(
              "--baseline",
              baseline.url(),
              "--canary",
              canary.url(),
              "--pre-step-hook",
              hook.baseUri() + "/pre-step",
              "--duration",
              "3s");
      UserTraffic traffic = users(run, 2, 20);

      assertThat(run.exitCode()).isEqualTo(2);
      traffic.close();
      JsonNode report = run.report();
      assertThat(report.get("state").asText()).isEqualTo("paused");
      assertThat(report.get("reason").asText()).contains("pre-step hook", "503", "change freeze");
      assertThat(canary.requests()).isZero();
      assertThat(asked.get()).isPositive();
    }
  }

  @Test
  void commandHooksAreToldWhatHappenedThroughTheEnvironment() throws Exception {
    SimulatedService baseline = service(5, 0, 18);
    int nothingListens = Ports.free();
    Path log = dir.resolve("hooks.log");
    String record = "echo \"$SPOTTER_CANARY_EVENT $SPOTTER_CANARY_PERCENT\" >> " + log;
    Running run =
        canary(
            "--baseline",
            baseline.url(),
            "--canary",
            "http://127.0.0.1:" + nothingListens,
            "--steps",
            "10,100",
            "--step-duration",
            "10s",
            "--judge-every",
            "250ms",
            "--pre-step-hook",
            record,
            "--rollback-hook",
            record);
    UserTraffic traffic = users(run, 4, 0);

    assertThat(run.exitCode()).isEqualTo(1);
    traffic.close();
    assertThat(Files.readAllLines(log)).containsExactly("pre-step 10", "rollback 10");
  }

  @Test
  void invalidStepsAreRefusedBeforeAnyTrafficMoves() {
    Cli.Result r =
        Cli.run(
            "canary",
            "--listen",
            "127.0.0.1:" + Ports.free(),
            "--baseline",
            "http://127.0.0.1:1",
            "--canary",
            "http://127.0.0.1:2",
            "--steps",
            "5,1,100");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--steps", "step 2 (1 %) does not rise above step 1 (5 %)");
  }

  @Test
  void aJudgeIntervalLongerThanAStepIsRefusedNotShortened() {
    Cli.Result r =
        Cli.run(
            "canary",
            "--listen",
            "127.0.0.1:" + Ports.free(),
            "--baseline",
            "http://127.0.0.1:1",
            "--canary",
            "http://127.0.0.1:2",
            "--step-duration",
            "5s",
            "--judge-every",
            "10s");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("--judge-every", "longer than a step of 5 s", "(--step-duration)", "at most 5 s");
  }

  @Test
  void aConfigurationWhoseWeightsDoNotAddUpIsRefusedWithItsLine() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "canary:",
            "  baseline: http://127.0.0.1:1",
            "  canary: http://127.0.0.1:2",
            "  metrics:",
            "    - name: errors",
            "      kind: error-rate",
            "      weight: 50",
            "    - name: latency",
            "      kind: latency",
            "      weight: 40",
            ""));

    Cli.Result r = Cli.run("canary", "--config", config.toString(), "--listen", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("spotter.yaml", "canary", "metrics", "90");
  }

  @Test
  void aQuantileOnAnErrorRateIsRefusedInTheUsersWords() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        String.join(
            "\n", "canary:", "  metrics:", "    - {name: e, kind: error-rate, quantile: 0.9}", ""));

    Cli.Result r = Cli.run("canary", "--config", config.toString(), "--listen", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "spotter.yaml",
            "metrics[0].quantile",
            "metric 'e' is an error rate",
            "remove 'quantile: 0.9'")
        .doesNotContain("NaN", "ERROR_RATE");
  }

  @Test
  void anUnknownMetricKindIsRefusedNamingTheKindsThatExist() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        String.join("\n", "canary:", "  metrics:", "    - name: cpu", "      kind: cpu-usage", ""));

    Cli.Result r = Cli.run("canary", "--config", config.toString(), "--listen", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("metrics[0].kind", "cpu-usage", "error-rate, latency or value");
  }

  @Test
  void anAaRunReportsTheFalseAlarmRateOfItsConfiguration() throws Exception {
    SimulatedService baseline = service(5, 0.01, 19);
    // a judge that can decide on a few seconds of traffic: the location of latency alone
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        String.join("\n", "canary:", "  metrics:", "    - {name: latency, kind: latency}", ""));
    Running run =
        canary(
            "--config",
            config.toString(),
            "--baseline",
            baseline.url(),
            "--aa",
            "--steps",
            "25,50,100",
            "--step-duration",
            "2s",
            "--judge-every",
            "250ms",
            "--aa-resplits",
            "50");
    UserTraffic traffic = users(run, 8, 0);

    int exit = run.exitCode();
    traffic.close();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isIn(0, 1);
    assertThat(report.get("aa_mode").asBoolean()).isTrue();
    JsonNode rate = report.get("false_alarms");
    assertThat(rate.get("runs").asInt()).isEqualTo(50);
    assertThat(rate.get("decided").asInt()).isPositive();
    assertThat(rate.get("rate").asDouble()).isLessThanOrEqualTo(0.2);
    assertThat(report.get("reason").asText()).contains("of 50 re-splits reached a decision");
    assertThat(eventKinds(report)).contains("false_alarm_rate");
  }

  @Test
  void anAaRunWithoutTrafficSaysItShowedNothingInsteadOfSucceeding() throws Exception {
    SimulatedService baseline = service(5, 0, 38);
    Running run =
        canary(
            "--baseline",
            baseline.url(),
            "--aa",
            "--steps",
            "50,100",
            "--step-duration",
            "1s",
            "--judge-every",
            "250ms");

    int exit = run.exitCode();

    JsonNode report = run.report();
    assertThat(exit).as(report.toPrettyString()).isEqualTo(2);
    assertThat(report.get("verdict").asText()).isEqualTo("no_evidence");
    assertThat(report.get("reason").asText())
        .contains("without evidence", "no request was judged", "nothing is known");
    assertThat(report.get("false_alarms").isNull()).isTrue();
    assertThat(eventKinds(report)).contains("no_evidence").doesNotContain("promoted");
    assertThat(Files.readString(run.reports().resolve("report.html"))).contains("No evidence");
  }

  /** A backend answering every request with its own name. */
  private static dev.spotter.testsupport.TestHttpServer namedBackend(String name) {
    byte[] body = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return dev.spotter.testsupport.TestHttpServer.start(
        exchange ->
            dev.spotter.testsupport.TestHttpServer.respond(exchange, 200, "text/plain", body));
  }

  /**
   * The arm that answers each of users 1..users, once some user reaches the canary (the step has
   * begun): one request per user, in order.
   */
  private static Map<Integer, String> armsOnceSplit(InetSocketAddress proxy, int users)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      Map<Integer, String> arms = new TreeMap<>();
      for (int user = 1; user <= users; user++) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.getPort() + "/orders"))
                .header("X-User", "user-" + user)
                .build();
        arms.put(user, http.send(request, HttpResponse.BodyHandlers.ofString()).body());
      }
      if (arms.containsValue("canary") || System.nanoTime() > deadline) {
        return arms;
      }
      Thread.sleep(100);
    }
  }

  private static void awaitCanaryTraffic(SimulatedService canary) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (canary.requests() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static JsonNode lastStep(JsonNode report) {
    JsonNode steps = report.get("steps");
    for (int i = steps.size() - 1; i >= 0; i--) {
      String outcome = steps.get(i).get("outcome").asText();
      if (!outcome.equals("full")) {
        return steps.get(i);
      }
    }
    return steps.get(steps.size() - 1);
  }

  private static List<String> failedMetrics(JsonNode step) {
    List<String> names = new ArrayList<>();
    step.get("judgement")
        .get("metrics")
        .forEach(
            m -> {
              if (m.get("verdict").asText().equals("fail")) {
                names.add(m.get("metric").asText());
              }
            });
    return names;
  }

  private static Cli.Result awaitCli(java.util.function.Predicate<Cli.Result> until, String... args)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Cli.Result r = Cli.run(args);
    while (!until.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = Cli.run(args);
    }
    return r;
  }
}
