package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Header lists survive the store exactly, whatever characters they hold. */
class ExchangeRowsTest {

  @Test
  void headersComeBackExactlyAsTheyWereStored() {
    Headers tricky =
        Headers.of(
            "Set-Cookie", "a=\"quoted\"; Path=/",
            "X-Path", "C:\\temp\\new",
            "X-Ctl", "tab\there\u0001bell\u001f",
            "X-Unicode", "Grüße, 東京, \uD83D\uDE00",
            "X-Empty", "",
            "x-lower", "same name twice",
            "X-LOWER", "kept in order");

    String json = ExchangeRows.encodeHeaders(tricky);

    assertThat(ExchangeRows.decodeHeaders(json)).isEqualTo(tricky);
  }

  @Test
  void writesValidJsonThatAnyParserReadsTheSame() throws Exception {
    long seed = 31_415L;
    Random random = new Random(seed);
    ObjectMapper mapper = new ObjectMapper();
    for (int round = 0; round < 500; round++) {
      List<Header> list = new ArrayList<>();
      for (int i = 0, n = random.nextInt(6); i < n; i++) {
        list.add(new Header(text(random), text(random)));
      }
      Headers headers = new Headers(list);
      String json = ExchangeRows.encodeHeaders(headers);

      assertThat(ExchangeRows.decodeHeaders(json))
          .as("seed %d round %d", seed, round)
          .isEqualTo(headers);
      List<?> parsed = mapper.readValue(json, List.class);
      assertThat(parsed).as("seed %d round %d", seed, round).hasSize(list.size());
      for (int i = 0; i < list.size(); i++) {
        assertThat(List.copyOf((List<?>) parsed.get(i)))
            .as("seed %d round %d", seed, round)
            .isEqualTo(List.of(list.get(i).name(), list.get(i).value()));
      }
    }
  }

  /** Short text with a good share of characters JSON must escape. */
  private static String text(Random r) {
    char[] pool = {
      'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u007f', 'é', '€'
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = r.nextInt(12); i < n; i++) {
      sb.append(r.nextInt(4) == 0 ? (char) (0x20 + r.nextInt(0x5f)) : pool[r.nextInt(pool.length)]);
    }
    return sb.toString();
  }
}
