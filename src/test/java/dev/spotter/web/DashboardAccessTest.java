package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.SpotterException;
import dev.spotter.testsupport.Cli;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardAccessTest {
  static final String TOKEN = "s3cret-token-for-tests";

  @TempDir Path dir;

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(() -> new Dashboard(dir, "0.0.0.0", null))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("--token");
  }

  @Test
  void theCommandRefusesToStartBeyondLoopbackWithoutAToken() {
    Cli.Result r =
        Cli.run(
            "serve", "--store", dir.resolve("s.db").toString(), "--host", "0.0.0.0", "--port", "0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("give it a --token");
  }

  @Test
  void withATokenEveryRequestMustCarryIt() {
    try (Dashboard d = new Dashboard(dir, "127.0.0.1", TOKEN)) {
      HttpResponse<String> none = d.get("/");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("Token needed");
      assertThat(d.get("/?token=wrong-token-value").statusCode()).isEqualTo(401);

      HttpResponse<String> bearer =
          d.send(
              HttpRequest.newBuilder(d.uri("/incidents"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build());
      assertThat(bearer.statusCode()).isEqualTo(200);

      // the first visit with ?token= leaves an HttpOnly, SameSite=Strict cookie
      HttpResponse<String> first = d.get("/?token=" + TOKEN);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().allValues("Set-Cookie"))
          .anySatisfy(
              c ->
                  assertThat(c)
                      .startsWith("spotter_token=")
                      .contains("HttpOnly", "SameSite=Strict"));
      assertThat(d.get("/guards").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theCsrfCookieIsHttpOnlyAndStrict() {
    try (Dashboard d = new Dashboard(dir)) {
      HttpResponse<String> r = d.get("/kudos");
      assertThat(r.headers().allValues("Set-Cookie"))
          .anySatisfy(
              c ->
                  assertThat(c)
                      .startsWith(Csrf.COOKIE + "=")
                      .contains("HttpOnly", "SameSite=Strict"));
      assertThat(r.body()).contains("name=\"csrf\" value=\"" + d.csrfCookie() + "\"");
    }
  }
}
