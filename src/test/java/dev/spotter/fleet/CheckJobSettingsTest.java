package dev.spotter.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.HostChoice;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.stream.KafkaAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckJobSettingsTest {
  private static final String TOKEN = "tok-7f3a9c1e5b";

  private final CheckJobSettings job =
      new CheckJobSettings(
          KafkaAddress.parse("kafka://127.0.0.1:9092/traffic"),
          List.of(new PartitionRange(0, 0, 10)),
          ReplaySettings.of("http://old", null, "http://new")
              .withOverrideHeaders(Headers.of("X-Api-Key", TOKEN, "Accept", "text/plain")));

  @Test
  void theStoredJobNamesItsSetHeadersButNeverHoldsTheirValues() {
    String stored = job.toJson();

    assertThat(stored).doesNotContain(TOKEN).contains("X-Api-Key", "Accept");
    CheckJobSettings read = CheckJobSettings.fromJson("4", stored);
    assertThat(read.replay().overrideHeaders().first("X-Api-Key"))
        .contains(ReplaySettings.SET_HEADER_VALUE);
  }

  @Test
  void aWorkerSendsTheValuesItWasGivenItself() {
    CheckJobSettings read = CheckJobSettings.fromJson("4", job.toJson());

    CheckJobSettings filled =
        read.withSetHeaderValues(
            "4", Headers.of("x-api-key", TOKEN, "Accept", "text/plain", "X-Other", "unused"));

    assertThat(filled.replay().overrideHeaders())
        .isEqualTo(Headers.of("X-Api-Key", TOKEN, "Accept", "text/plain"));
  }

  @Test
  void aWorkerWithoutTheValueOfASetHeaderSaysWhichAndHowToGiveIt() {
    CheckJobSettings read = CheckJobSettings.fromJson("4", job.toJson());

    assertThatThrownBy(() -> read.withSetHeaderValues("4", Headers.of("Accept", "text/plain")))
        .isInstanceOf(SpotterException.class)
        .hasMessage(
            "check run 4 sets the header 'X-Api-Key' on every request; its value is never"
                + " stored, so give this worker the same --set-header 'X-Api-Key: VALUE'");
  }

  private static final KafkaAddress STREAM = KafkaAddress.parse("kafka://broker:9092/traffic");

  private static CheckJobSettings jobSending(HostChoice host) {
    return new CheckJobSettings(
        STREAM,
        List.of(new PartitionRange(0, 0, 10)),
        ReplaySettings.of("http://old:1", "http://old:2", "http://new:3").withHost(host));
  }

  @Test
  void workersSendTheHostTheCoordinatorWasToldToSend() {
    for (HostChoice host :
        List.of(HostChoice.TARGET, HostChoice.RECORDED, HostChoice.parse("registry.example.com"))) {
      CheckJobSettings read = CheckJobSettings.fromJson("run-1", jobSending(host).toJson());
      assertThat(read.replay().host()).isEqualTo(host);
    }
  }

  @Test
  void aJobStoredBeforeTheHostWasChosenSendsEachTargetItsOwn() {
    String json = jobSending(HostChoice.RECORDED).toJson().replace(",\"host\":\"recorded\"", "");
    assertThat(json).doesNotContain("\"host\"");
    assertThat(CheckJobSettings.fromJson("run-1", json).replay().host())
        .isEqualTo(HostChoice.TARGET);
  }
}
