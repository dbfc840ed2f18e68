package dev.spotter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction of docs/architecture.md: lower layers never see higher ones. */
class PackageBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spotter");
  }

  @Test
  void layersOnlyDependDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("model")
        .definedBy("dev.spotter.model..")
        .layer("stats")
        .definedBy("dev.spotter.stats..")
        .layer("diff")
        .definedBy("dev.spotter.diff..")
        .layer("store")
        .definedBy("dev.spotter.store..")
        .layer("proxy")
        .definedBy("dev.spotter.proxy..")
        .layer("capture")
        .definedBy("dev.spotter.capture..")
        .layer("replay")
        .definedBy("dev.spotter.replay..")
        .layer("shadow")
        .definedBy("dev.spotter.shadow..")
        .layer("judge")
        .definedBy("dev.spotter.canary.judge..")
        .layer("canary")
        .definedBy("dev.spotter.canary")
        .layer("incident")
        .definedBy("dev.spotter.incident..")
        .layer("report")
        .definedBy("dev.spotter.report..")
        .layer("web")
        .definedBy("dev.spotter.web..")
        .layer("demo")
        .definedBy("dev.spotter.demo..")
        .layer("stream")
        .definedBy("dev.spotter.stream..")
        // a check split across workers; optional until the package lands
        .optionalLayer("fleet")
        .definedBy("dev.spotter.fleet..")
        .layer("cli")
        .definedBy("dev.spotter.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("web")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("report")
        .mayOnlyBeAccessedByLayers("web", "cli")
        .whereLayer("shadow")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("canary")
        .mayOnlyBeAccessedByLayers("report", "cli")
        .whereLayer("incident")
        .mayOnlyBeAccessedByLayers("report", "web", "cli")
        .whereLayer("judge")
        .mayOnlyBeAccessedByLayers("canary", "report", "cli")
        .whereLayer("demo")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("fleet")
        .mayOnlyBeAccessedByLayers("cli")
        // the traffic stream (Kafka) stands on capture: its records are capture's JSONL lines, and
        // it implements capture's ExchangePublisher, so capture never sees Kafka
        .whereLayer("stream")
        .mayOnlyBeAccessedByLayers("fleet", "cli")
        .whereLayer("capture")
        .mayOnlyBeAccessedByLayers("stream", "report", "cli")
        .whereLayer("replay")
        .mayOnlyBeAccessedByLayers("shadow", "report", "fleet", "cli")
        .whereLayer("store")
        .mayOnlyBeAccessedByLayers(
            "capture", "replay", "canary", "incident", "report", "web", "fleet", "cli")
        .whereLayer("proxy")
        .mayOnlyBeAccessedByLayers(
            "capture", "replay", "shadow", "canary", "incident", "fleet", "cli")
        // pure sequential tests, shared by the check's noise judgement and the canary's judge
        .whereLayer("stats")
        .mayOnlyBeAccessedByLayers("diff", "judge")
        .whereLayer("diff")
        .mayOnlyBeAccessedByLayers(
            "store",
            "proxy",
            "capture",
            "replay",
            "shadow",
            "incident",
            "report",
            "web",
            "stream",
            "fleet",
            "cli")
        .check(classes);
  }

  @Test
  void modelDependsOnNothingElseInSpotter() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.model..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.spotter.model..", "java..")
        .check(classes);
  }

  @Test
  void diffIsPureAndDependsOnModelOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.diff..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.spotter.store..",
            "dev.spotter.proxy..",
            "dev.spotter.capture..",
            "dev.spotter.replay..",
            "dev.spotter.report..",
            "dev.spotter.cli..",
            "java.io..",
            "java.nio.file..",
            "java.net..",
            "java.sql..",
            "io.netty..")
        .check(classes);
  }

  @Test
  void sharedStatisticsArePure() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.stats..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.spotter.stats..", "java.lang..", "java.util..", "org.apache.commons.math3..")
        .check(classes);
  }

  @Test
  void theCanaryJudgeIsPureStatistics() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.canary.judge..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.spotter.canary.judge..",
            "dev.spotter.stats..",
            "java.lang..",
            "java.util..",
            "org.apache.commons.math3..")
        .check(classes);
  }

  @Test
  void theCanaryStandsBesideCaptureAndShadowOnTheProxy() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.canary..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.spotter.capture..", "dev.spotter.shadow..", "dev.spotter.replay..")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage("dev.spotter.capture..", "dev.spotter.shadow..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.spotter.canary..")
        .check(classes);
  }

  @Test
  void captureDoesNotKnowReplayAndReplayDoesNotKnowCapture() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.capture..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.spotter.replay..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.replay..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.spotter.capture..")
        .check(classes);
  }

  @Test
  void captureAndShadowStandSideBySideOnTheProxy() {
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.capture..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.spotter.shadow..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.shadow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.spotter.capture..", "dev.spotter.store..")
        .check(classes);
  }

  @Test
  void theStreamKnowsNeitherTheStoreNorTheProxy() {
    // the stream moves exchanges; where they are kept and how they were caught is not its business
    noClasses()
        .that()
        .resideInAPackage("dev.spotter.stream..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.spotter.store..",
            "dev.spotter.proxy..",
            "dev.spotter.replay..",
            "dev.spotter.shadow..",
            "io.netty..")
        .check(classes);
  }

  @Test
  void onlyTheStreamAndTheFleetTalkToKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.spotter.stream..", "dev.spotter.fleet..", "dev.spotter.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(classes);
  }

  @Test
  void onlyTheCliWritesToStandardOutputOrExits() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.spotter.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}
