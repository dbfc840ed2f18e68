package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a post-mortem from the command line, as an on-call engineer would. */
class IncidentCommandTest {
  @TempDir Path dir;

  private Cli.Result spotter(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = dir.resolve("s.db").toString();
    return Cli.run(all);
  }

  @Test
  void aPostMortemIsWrittenEditedListedAndExported() throws Exception {
    Cli.Result created =
        spotter(
            "incident", "new",
            "--title", "Checkout answered 500 for unknown customers",
            "--severity", "sev2",
            "--started", "2026-11-20 14:03",
            "--detected", "2026-11-20T14:13:00Z",
            "--factor", "No replay covered unknown customers",
            "--event", "2026-11-20 14:05=Error rate alert fired",
            "--action", "prevent:orders-team:2026-12-15:Guard the unknown-customer request");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("incident 1 saved");

    Cli.Result edited =
        spotter(
            "incident",
            "edit",
            "1",
            "--status",
            "resolved",
            "--resolved",
            "2026-11-20 14:40",
            "--went-well",
            "The canary rolled back by itself",
            "--done",
            "1");
    assertThat(edited.exitCode()).as(edited.toString()).isZero();
    assertThat(edited.out()).contains("version 2");

    assertThat(spotter("incident", "list").out())
        .contains("sev2", "resolved", "0 open", "Checkout answered 500");
    String md = spotter("incident", "show", "1").out();
    assertThat(md)
        .contains("# Checkout answered 500 for unknown customers")
        .contains("- **2026-11-20 14:05 UTC** Error rate alert fired")
        .contains(
            "| 1 | prevent | Guard the unknown-customer request | orders-team | 2026-12-15 | done |");

    Path json = dir.resolve("incident-1.json");
    assertThat(
            spotter("incident", "export", "1", "--format", "json", "-o", json.toString())
                .exitCode())
        .isZero();
    Files.writeString(
        json,
        Files.readString(json).replace("The canary rolled back by itself", "Rollback in 4 min"));
    Cli.Result fromFile = spotter("incident", "edit", "1", "--file", json.toString());
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
    assertThat(spotter("incident", "show", "1").out()).contains("- Rollback in 4 min");

    // the same file again is an edit of version 2, which is gone: refused, nothing changed
    Cli.Result stale = spotter("incident", "edit", "1", "--file", json.toString());
    assertThat(stale.exitCode()).isEqualTo(2);
    assertThat(stale.err()).contains("changed by someone else since version 2");
  }

  @Test
  void badInputSaysWhatAndWhereAndSavesNothing() {
    Cli.Result badTime =
        spotter("incident", "new", "--title", "x", "--severity", "sev2", "--started", "yesterday");
    assertThat(badTime.exitCode()).isEqualTo(2);
    assertThat(badTime.err()).contains("--started", "'yesterday' is not a time");

    Cli.Result badOrder =
        spotter(
            "incident", "new",
            "--title", "x",
            "--severity", "sev9");
    assertThat(badOrder.err()).contains("--severity", "use sev1 (worst), sev2, sev3 or sev4");

    Cli.Result blame =
        spotter(
            "incident", "new", "--title", "x", "--severity", "sev3", "--factor", "operator error");
    assertThat(blame.exitCode()).isEqualTo(2);
    assertThat(blame.err()).contains("points at a person");

    assertThat(spotter("incident", "list").out()).contains("No incidents");
    assertThat(spotter("incident", "show", "7").err()).contains("there is no incident 7");
  }
}
