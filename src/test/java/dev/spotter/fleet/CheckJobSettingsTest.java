package dev.spotter.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.replay.HostChoice;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.stream.KafkaAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckJobSettingsTest {
  private static final KafkaAddress STREAM = KafkaAddress.parse("kafka://broker:9092/traffic");

  private static CheckJobSettings job(HostChoice host) {
    return new CheckJobSettings(
        STREAM,
        List.of(new PartitionRange(0, 0, 10)),
        ReplaySettings.of("http://old:1", "http://old:2", "http://new:3").withHost(host));
  }

  @Test
  void workersSendTheHostTheCoordinatorWasToldToSend() {
    for (HostChoice host :
        List.of(HostChoice.TARGET, HostChoice.RECORDED, HostChoice.parse("registry.example.com"))) {
      CheckJobSettings read = CheckJobSettings.fromJson("run-1", job(host).toJson());
      assertThat(read.replay().host()).isEqualTo(host);
    }
  }

  @Test
  void aJobStoredBeforeTheHostWasChosenSendsEachTargetItsOwn() {
    String json = job(HostChoice.RECORDED).toJson().replace(",\"host\":\"recorded\"", "");
    assertThat(json).doesNotContain("\"host\"");
    assertThat(CheckJobSettings.fromJson("run-1", json).replay().host())
        .isEqualTo(HostChoice.TARGET);
  }
}
