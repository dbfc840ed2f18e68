package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of a distributed check: its options say clearly what is wrong. */
class WorkerCommandTest {
  @TempDir Path dir;

  @Test
  void helpNamesEveryOption() {
    Cli.Result r = Cli.run("worker", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--run", "--once", "--batch", "--session-timeout", "--idle-exit");
  }

  @Test
  void aWorkerWithNothingToDoExitsAfterItsIdleTime() {
    Cli.Result r =
        Cli.run("worker", "--store", dir.resolve("s.db").toString(), "--idle-exit", "300ms");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("No check to work on");
  }

  @Test
  void aWorkerToldToJoinARunThatDoesNotExistSaysSo() {
    Cli.Result r = Cli.run("worker", "--store", dir.resolve("s.db").toString(), "--run", "42");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no distributed check with run id 42");
  }

  @Test
  void aSessionTimeoutOutsideTheBrokersLimitsIsRefused() {
    Cli.Result r =
        Cli.run("worker", "--store", dir.resolve("s.db").toString(), "--session-timeout", "1s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--session-timeout").contains("between 6s and 5m");
  }

  @Test
  void waitingForWorkersNeedsAStream() {
    Cli.Result r = check("--wait-for-workers");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--wait-for-workers").contains("--from kafka://");
  }

  @Test
  void aClaimTimeoutNeedsAStreamAndALengthWithinItsLimits() {
    Cli.Result noStream = check("--claim-timeout", "10s");
    assertThat(noStream.exitCode()).isEqualTo(2);
    assertThat(noStream.err()).contains("--claim-timeout").contains("--from kafka://");

    Cli.Result tooShort =
        check("--from", "kafka://127.0.0.1:1/traffic", "--claim-timeout", "500ms");
    assertThat(tooShort.exitCode()).isEqualTo(2);
    assertThat(tooShort.err()).contains("--claim-timeout").contains("between 1s and 1h");
  }

  @Test
  void aStreamAddressThatIsNotKafkaIsRefusedBeforeAnythingStarts() {
    Cli.Result r = check("--from", "http://127.0.0.1:9092/traffic");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("kafka://");
  }

  private Cli.Result check(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--store",
                dir.resolve("s.db").toString(),
                "--primary",
                "http://127.0.0.1:1",
                "--candidate",
                "http://127.0.0.1:2"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
