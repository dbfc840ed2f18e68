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

      // the first visit with ?token= leaves an HttpOnly cookie, Lax so that links from mail work
      HttpResponse<String> first = d.get("/?token=" + TOKEN);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().allValues("Set-Cookie"))
          .anySatisfy(
              c -> assertThat(c).startsWith("spotter_token=").contains("HttpOnly", "SameSite=Lax"));
      assertThat(d.get("/guards").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutATokenOnlyLoopbackNamesAreAnsweredSoDnsRebindingIsRefused() throws Exception {
    try (Dashboard d = new Dashboard(dir);
        dev.spotter.testsupport.RawHttp raw =
            dev.spotter.testsupport.RawHttp.connect(
                new java.net.InetSocketAddress("127.0.0.1", d.server.port()))) {
      var rebound =
          raw.exchange(
              "GET /kudos HTTP/1.1\r\nHost: rebind.attacker.example:"
                  + d.server.port()
                  + "\r\n\r\n");
      assertThat(rebound.status()).isEqualTo(421);
      assertThat(d.get("/kudos").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFormFromAnotherSiteOrWithAPlantedValueChangesNothing() {
    try (Dashboard d = new Dashboard(dir)) {
      d.get("/kudos");
      HttpResponse<String> crossSite =
          d.send(
              HttpRequest.newBuilder(d.uri("/kudos"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Sec-Fetch-Site", "cross-site")
                  .POST(HttpRequest.BodyPublishers.ofString("who=x&what=y&csrf=" + d.csrfCookie()))
                  .build());
      assertThat(crossSite.statusCode()).isEqualTo(403);

      // a value planted in the cookie jar (another port, a sibling host) is not signed by us
      String planted = "A".repeat(32) + "." + "B".repeat(43);
      HttpResponse<String> forged =
          d.send(
              HttpRequest.newBuilder(d.uri("/kudos"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", Csrf.COOKIE + "=" + planted)
                  .POST(HttpRequest.BodyPublishers.ofString("who=x&what=y&csrf=" + planted))
                  .build());
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(d.get("/kudos").body()).doesNotContain("<strong>x</strong>");
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
