package dev.spotter.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.SpotterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaAddressTest {
  @Test
  void readsOneHostAndATopic() {
    KafkaAddress a = KafkaAddress.parse("kafka://broker.internal:9093/traffic.orders-v1_x");
    assertThat(a.bootstrapServers()).isEqualTo("broker.internal:9093");
    assertThat(a.topic()).isEqualTo("traffic.orders-v1_x");
    assertThat(a).hasToString("kafka://broker.internal:9093/traffic.orders-v1_x");
  }

  @Test
  void readsSeveralHostsGivesMissingPortsKafkasDefaultAndKeepsIpv6Brackets() {
    KafkaAddress a = KafkaAddress.parse(" KAFKA://h1:9092, h2 ,[::1]:19092,10.0.0.5/t ");
    assertThat(a.bootstrapServers()).isEqualTo("h1:9092,h2:9092,[::1]:19092,10.0.0.5:9092");
    assertThat(a.topic()).isEqualTo("t");
  }

  @Test
  void itsTextReadsBackAsTheSameAddress() {
    for (String text :
        new String[] {"kafka://a:1/t", "kafka://a:1,b:2,c:3/topic", "kafka://[fe80::1]:9092/x"}) {
      KafkaAddress a = KafkaAddress.parse(text);
      assertThat(KafkaAddress.parse(a.toString())).isEqualTo(a);
      assertThat(a).hasToString(text);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "http://h:9092/t | has scheme 'http', not kafka",
        "h:9092/t | is not a Kafka address; write it like kafka://host:9092/topic",
        "kafka://h:9092 | names no topic",
        "kafka://h:9092/ | names no topic",
        "kafka:///t | names no host",
        "kafka://h:x/t | the port 'x' of 'h:x' is no number",
        "kafka://h:0/t | the port 0 of 'h:0' is not in 1..65535",
        "kafka://h:70000/t | the port 70000 of 'h:70000' is not in 1..65535",
        "kafka://h:/t | 'h:' has an empty port",
        "kafka://h1:9092,,h2:9092/t | has an empty host in its list",
        "kafka://::1:9092/t | write the IPv6 host '::1:9092' in brackets",
        "kafka://[::1:9092/t | lacks its closing ']'",
        "kafka://h:9092/a/b | the topic 'a/b' has a second '/'",
        "kafka://h:9092/a b | has a space or control character",
        "kafka://h:9092/a? | has '?'",
        "kafka://h:9092/.. | '..' cannot be a topic name",
        "kafka://u@h:9092/t | 'u@h' is not a host name",
      })
  void saysWhatIsWrongWithABadAddress(String text, String expected) {
    assertThatThrownBy(() -> KafkaAddress.parse(text))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((SpotterException) e).code()).isEqualTo("stream.bad_address"));
  }

  @Test
  void refusesNothingAtAllAndOverlongTopics() {
    assertThatThrownBy(() -> KafkaAddress.parse(" "))
        .hasMessageContaining("no Kafka address given");
    assertThatThrownBy(() -> KafkaAddress.parse("kafka://h/" + "t".repeat(250)))
        .hasMessageContaining("longer than Kafka's 249 characters");
  }
}
