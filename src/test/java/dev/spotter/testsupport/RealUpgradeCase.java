package dev.spotter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.TrafficFixture.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spotter on a real upgrade nobody here wrote: an old and a new release of a real service,
 * installed from its registry ({@link RealServices}), each started as the real process it is. The
 * old build runs three times (primary, secondary, and a third copy as the candidate of a control
 * check), the new build once. A fixture's requests are recorded from the old primary into a JSONL
 * corpus, and which endpoints the upgrade really changes is found by asking the builds directly
 * ({@link UpgradeTruth}), never written down by hand. Then {@code spotter check} must name exactly
 * those endpoints as regressions and exit 1, and must pass the third copy of the old build.
 *
 * <p>A subclass says how to start each release and where its fixture is: {@code requests.json} (see
 * {@link TrafficFixture}) and {@code spotter.yaml} under {@code
 * src/test/resources/fixtures/realworld/NAME/}. Everything started is stopped in {@link
 * #stopBuilds()}, which runs even when starting or a test failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealUpgradeCase {
  /** Starts one release as a process serving on {@code port}, working in {@code workDir}. */
  @FunctionalInterface
  protected interface Launcher {
    ServiceProcess start(String role, Path workDir, int port) throws IOException;
  }

  /** A directory of this class's own, removed when its builds have stopped. */
  protected Path dir;

  private final List<ServiceProcess> started = new ArrayList<>();
  private ServiceProcess primary;
  private ServiceProcess secondary;
  private ServiceProcess control;
  private ServiceProcess candidate;
  private TrafficFixture fixture;
  private List<Answer> recorded;
  private Path corpus;
  private Path config;
  private UpgradeTruth truth;

  /** The fixture directory's name under src/test/resources/fixtures/realworld/. */
  protected abstract String fixtureName();

  /** Installs the old release when it is not cached yet, and says how to start it. */
  protected abstract Launcher oldBuild();

  /** Installs the new release when it is not cached yet, and says how to start it. */
  protected abstract Launcher newBuild();

  /** A path every build answers once it is up. */
  protected abstract String readyPath();

  /** At least this many endpoints must really change, or the case proves nothing. */
  protected abstract int minChangedEndpoints();

  /** At least this many endpoints must stay the same, or the case proves nothing. */
  protected abstract int minUnchangedEndpoints();

  protected Path fixtureDir() {
    return Path.of("src/test/resources/fixtures/realworld", fixtureName());
  }

  @BeforeAll
  void startBuildsRecordAndAskForTheTruth() throws Exception {
    dir = Files.createTempDirectory("spotter-" + fixtureName() + "-upgrade-");
    Launcher oldBuild = oldBuild();
    Launcher newBuild = newBuild();
    primary = launch(oldBuild, "old-primary");
    secondary = launch(oldBuild, "old-secondary");
    control = launch(oldBuild, "old-control");
    candidate = launch(newBuild, "new-candidate");
    for (ServiceProcess p : started) {
      p.awaitReady(readyPath(), Duration.ofSeconds(60));
    }
    fixture = TrafficFixture.load(fixtureDir().resolve("requests.json"));
    recorded = fixture.record(primary.baseUri());
    corpus = fixture.writeJsonl(recorded, fixture.allIndexes(), dir.resolve("corpus.jsonl"));
    config = Files.copy(fixtureDir().resolve("spotter.yaml"), dir.resolve("spotter.yaml"));
    truth =
        UpgradeTruth.ask(
            fixture,
            primary.baseUri(),
            secondary.baseUri(),
            candidate.baseUri(),
            UpgradeTruth.ignoredHeaders(config));
  }

  private ServiceProcess launch(Launcher launcher, String role) throws IOException {
    Path work = Files.createDirectories(dir.resolve(role));
    ServiceProcess p = launcher.start(role, work, Ports.free());
    started.add(p);
    return p;
  }

  @AfterAll
  void stopBuilds() throws IOException {
    for (ServiceProcess p : started) {
      p.close();
    }
    if (dir != null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void namesExactlyTheEndpointsWhoseAnswersReallyChanged() throws Exception {
    assertTruthIsNotVacuous();
    SpotterCheck.Outcome check =
        SpotterCheck.run(
            dir.resolve("check-new-build"),
            config,
            corpus,
            primary.baseUri(),
            secondary.baseUri(),
            candidate.baseUri());
    String story = check.describe() + truth.table();
    System.out.println(story);

    assertThat(check.endpoints())
        .as("Spotter groups the corpus into the fixture's endpoints\n%s", story)
        .containsAll(truth.endpoints());
    assertThat(outcome(check.exitCode(), check.regressionEndpoints()))
        .as("the endpoints with a regression must be exactly those that really changed\n%s", story)
        .isEqualTo(outcome(1, truth.changedEndpoints()));
  }

  @Test
  void oneRequestSufficesForEachChangedEndpoint() throws Exception {
    assertTruthIsNotVacuous();
    assertThat(truth.changedEndpointsSeenOnce())
        .as("the full corpus has a changed endpoint it shows only once\n%s", truth.table())
        .isNotEmpty();
    // Every unchanged endpoint with all its requests, and of each changed endpoint only its first
    // request whose answer really changed: every change rests on one request.
    List<Integer> picked = new ArrayList<>();
    Set<String> seenChanged = new TreeSet<>();
    for (UpgradeTruth.RequestTruth t : truth.requests()) {
      String endpoint = t.request().endpoint();
      if (!truth.changedEndpoints().contains(endpoint)) {
        picked.add(t.request().index());
      } else if (t.reallyChanged() && seenChanged.add(endpoint)) {
        picked.add(t.request().index());
      }
    }
    Path once = fixture.writeJsonl(recorded, picked, dir.resolve("corpus-changes-once.jsonl"));
    SpotterCheck.Outcome check =
        SpotterCheck.run(
            dir.resolve("check-changes-once"),
            config,
            once,
            primary.baseUri(),
            secondary.baseUri(),
            candidate.baseUri());
    String story =
        "corpus: requests #"
            + picked.stream().map(i -> Integer.toString(i + 1)).toList()
            + " of the fixture\n"
            + check.describe()
            + truth.table();
    System.out.println(story);

    assertThat(outcome(check.exitCode(), check.regressionEndpoints()))
        .as("each changed endpoint, seen once, must be a regression, and nothing else\n%s", story)
        .isEqualTo(outcome(1, truth.changedEndpoints()));
  }

  @Test
  void aHeaderTheUpgradeChangesOnManyEndpointsIsOneChangeAcrossThemShownOnce() throws Exception {
    // Compared as a new user's first check compares them: every header but Spotter's defaults.
    UpgradeTruth everyHeader =
        UpgradeTruth.ask(
            fixture,
            primary.baseUri(),
            secondary.baseUri(),
            candidate.baseUri(),
            UpgradeTruth.SPOTTER_DEFAULT_IGNORED_HEADERS);
    Map<String, Set<String>> endpointsByHeader = new TreeMap<>();
    for (UpgradeTruth.RequestTruth t : everyHeader.requests()) {
      for (String part : t.changed()) {
        if (part.startsWith("header ")) {
          endpointsByHeader
              .computeIfAbsent(part.substring(7), h -> new TreeSet<>())
              .add(t.request().endpoint());
        }
      }
    }
    int all = everyHeader.endpoints().size();
    Set<String> everywhere = new TreeSet<>();
    endpointsByHeader.forEach(
        (header, endpoints) -> {
          if (endpoints.size() * 2 > all) {
            everywhere.add("/headers/" + header);
          }
        });
    assertThat(everywhere)
        .as("the upgrade changes some header on most endpoints\n%s", endpointsByHeader)
        .isNotEmpty();

    Path plain = Files.writeString(dir.resolve("every-header.yaml"), "{}\n");
    SpotterCheck.Outcome check =
        SpotterCheck.run(
            dir.resolve("check-every-header"),
            plain,
            corpus,
            primary.baseUri(),
            secondary.baseUri(),
            candidate.baseUri());
    String story = check.describe() + "headers changed, by endpoint: " + endpointsByHeader;
    System.out.println(story);

    assertThat(check.exitCode()).as(story).isEqualTo(1);
    List<String> across = check.crossCutting();
    assertThat(across.stream().map(k -> k.substring(0, k.indexOf(' '))).toList())
        .as("each header changed on most endpoints is a change across endpoints\n%s", story)
        .containsAll(everywhere);
    for (String key : across) {
      String path = key.substring(0, key.indexOf(' '));
      if (!path.startsWith("/headers/")) {
        continue; // a status or body change on several endpoints: the other tests judge those
      }
      assertThat(endpointsByHeader)
          .as("a change across endpoints the builds really make\n%s", story)
          .containsKey(path.substring("/headers/".length()).toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(check.ownRegressions())
        .as("shown once: no endpoint lists a change across endpoints as its own\n%s", story)
        .noneMatch(r -> across.stream().anyMatch(k -> r.endsWith(" " + k)));
  }

  @Test
  void aThirdCopyOfTheOldBuildPasses() throws Exception {
    SpotterCheck.Outcome check =
        SpotterCheck.run(
            dir.resolve("check-old-build"),
            config,
            corpus,
            primary.baseUri(),
            secondary.baseUri(),
            control.baseUri());
    String story = check.describe();
    System.out.println(story);

    assertThat(
            "exit code "
                + check.exitCode()
                + ", verdict "
                + check.verdict()
                + ", regressions "
                + check.findingsWithVerdict("regression"))
        .as("a copy of the old build must pass with no regression\n%s", story)
        .isEqualTo("exit code 0, verdict pass, regressions []");
  }

  /** What a check concluded, in one line, so one assertion shows all of it. */
  private static String outcome(int exitCode, Set<String> regressionEndpoints) {
    return "exit code " + exitCode + ", regressions in " + regressionEndpoints;
  }

  private void assertTruthIsNotVacuous() {
    assertThat(truth.changedEndpoints())
        .as("the upgrade must really change some endpoints\n%s", truth.table())
        .hasSizeGreaterThanOrEqualTo(minChangedEndpoints());
    assertThat(truth.unchangedEndpoints())
        .as("the upgrade must leave some endpoints alone\n%s", truth.table())
        .hasSizeGreaterThanOrEqualTo(minUnchangedEndpoints());
  }

  /** The java binary running the tests, for services that are jars. */
  protected static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
