package dev.spotter.capture;

import static dev.spotter.capture.RedactorTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Secrets planted at random places of random exchanges: none survives, redacting again changes
 * nothing, and the ordinary values around them stay. Plain JUnit over fixed seeds.
 */
class RedactionRandomTest {
  private static final String[] SECRET_NAMES = {
    "password", "client_secret", "access_token", "apiKey", "X-Refresh-Token", "private_key"
  };
  private static final String[] PLAIN_NAMES = {"next_page_token", "user", "id", "limit", "cursor"};

  @Test
  void plantedSecretsNeverSurviveAndRedactingAgainChangesNothing() {
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      Redactor redactor = new Redactor(RedactionRules.defaults(), KEY);
      List<String> planted = new ArrayList<>();
      List<String> plain = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        Exchange e = exchange(random, planted, plain);
        Exchange once = redactor.redact(e);
        String text = describe(once);
        for (String secret : planted) {
          assertThat(text).as("seed %d: %s in %s", seed, secret, text).doesNotContain(secret);
        }
        String ordinary = plain.get(plain.size() - 1); // this exchange's
        assertThat(text).as("seed %d: kept %s", seed, ordinary).contains(ordinary);
        assertThat(redactor.redact(once)).as("seed %d", seed).isEqualTo(once);
      }
    }
  }

  private static Exchange exchange(Random random, List<String> planted, List<String> plain) {
    String secret = "S" + Long.toHexString(random.nextLong() | 1L << 62) + "x";
    String ordinary = "v" + random.nextInt(1_000_000);
    plain.add(ordinary);
    String name = SECRET_NAMES[random.nextInt(SECRET_NAMES.length)];
    String plainName = PLAIN_NAMES[random.nextInt(PLAIN_NAMES.length)];
    // a credential first seen by its name, in the answer, then reused elsewhere
    planted.add(secret);
    String reuse =
        switch (random.nextInt(4)) {
          case 0 -> "/t/" + secret;
          case 1 -> "/t?" + plainName + "=" + secret;
          case 2 -> "/t#" + secret;
          default -> "/t";
        };
    String url =
        (random.nextBoolean() ? "https://u:" + secret + "pw@h.example" : "")
            + reuse
            + (reuse.contains("?") ? "&" : "?")
            + plainName
            + "="
            + ordinary;
    if (url.contains(secret + "pw@")) {
      planted.add(secret + "pw");
    }
    Headers headers =
        random.nextBoolean()
            ? Headers.of(name, secret, "X-Plain", ordinary)
            : Headers.of("Authorization", "Bearer " + secret, "X-Plain", ordinary);
    Body body =
        random.nextBoolean()
            ? Body.of(
                "{\"" + name + "\":\"" + secret + "\",\"" + plainName + "\":\"" + ordinary + "\"}")
            : Body.of("[{\"a\":{\"" + name + "\":[\"" + secret + "\"]}}]");
    HttpRequestData request =
        new HttpRequestData("POST", url, headers.with("Content-Type", "application/json"), body);
    HttpResponseData response =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json"),
            Body.of("{\"token\":\"" + secret + "\",\"note\":\"" + secret + " again\"}"));
    return new Exchange("1", request, response, null, -1, "t");
  }

  private static String describe(Exchange e) {
    return e.request().url()
        + e.request().headers()
        + e.request().body().utf8()
        + e.response().headers()
        + e.response().body().utf8();
  }
}
