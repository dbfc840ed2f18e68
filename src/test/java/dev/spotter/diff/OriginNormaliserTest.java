package dev.spotter.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginNormaliserTest {
  private static String norm(TargetOrigin origin, String s) {
    return new OriginNormaliser(origin).normalise(s);
  }

  private static final TargetOrigin LOCAL =
      new TargetOrigin("http", "127.0.0.1", 8080, "127.0.0.1:8080");

  @Test
  void anAbsoluteUrlOfTheTargetBecomesThePlaceholderAndKeepsItsPath() {
    assertThat(norm(LOCAL, "http://127.0.0.1:8080/pkg/-/pkg-1.0.tgz"))
        .isEqualTo("{origin}/pkg/-/pkg-1.0.tgz");
    assertThat(norm(LOCAL, "<http://127.0.0.1:8080/items?_page=2>; rel=\"next\""))
        .isEqualTo("<{origin}/items?_page=2>; rel=\"next\"");
  }

  @Test
  void schemeRelativeAndBareHostValuesAreNormalisedAsHosts() {
    assertThat(norm(LOCAL, "//127.0.0.1:8080/a")).isEqualTo("//{host}/a");
    assertThat(norm(LOCAL, "127.0.0.1:8080")).isEqualTo("{host}");
    assertThat(norm(LOCAL, "served by 127.0.0.1:8080.")).isEqualTo("served by {host}.");
  }

  @Test
  void anotherSchemeKeepsItsNameSoAChangedSchemeIsStillSeen() {
    assertThat(norm(LOCAL, "ws://127.0.0.1:8080/live")).isEqualTo("ws://{host}/live");
    assertThat(norm(LOCAL, "https://127.0.0.1:8080/x")).isEqualTo("https://{host}/x");
  }

  @Test
  void onlyTheOriginIsReplacedNotThePortDigitsNorLongerNamesNorOtherPorts() {
    assertThat(norm(LOCAL, "8080")).isEqualTo("8080");
    assertThat(norm(LOCAL, "http://127.0.0.1:80801/x")).isEqualTo("http://127.0.0.1:80801/x");
    assertThat(norm(LOCAL, "http://127.0.0.1:9090/x")).isEqualTo("http://127.0.0.1:9090/x");
    assertThat(norm(LOCAL, "http://127.0.0.10:8080/x")).isEqualTo("http://127.0.0.10:8080/x");
    assertThat(norm(LOCAL, "http://user@127.0.0.1:8080/x"))
        .isEqualTo("http://user@127.0.0.1:8080/x");
    assertThat(norm(LOCAL, "a/b//c")).isEqualTo("a/b//c");
  }

  @Test
  void hostsCompareWithoutCaseAndDefaultPortsMayBeOmitted() {
    TargetOrigin named = new TargetOrigin("http", "127.0.0.1", 4873, "Registry.Example.com");
    assertThat(norm(named, "http://registry.example.com/p")).isEqualTo("{origin}/p");
    assertThat(norm(named, "http://REGISTRY.example.com:80/p")).isEqualTo("{origin}/p");
    assertThat(norm(named, "http://registry.example.com:8080/p"))
        .isEqualTo("http://registry.example.com:8080/p");
    assertThat(norm(named, "registry.example.com")).isEqualTo("{host}");
    assertThat(norm(named, "registry.example.community")).isEqualTo("registry.example.community");
    assertThat(norm(named, "my-registry.example.com")).isEqualTo("my-registry.example.com");
    // the address it was reached at is its origin too
    assertThat(norm(named, "http://127.0.0.1:4873/p")).isEqualTo("{origin}/p");

    TargetOrigin secure = new TargetOrigin("https", "svc.internal", 443, "svc.internal");
    assertThat(norm(secure, "https://svc.internal:443/a https://svc.internal/b"))
        .isEqualTo("{origin}/a {origin}/b");
  }

  @Test
  void ipv6HostsAreMatchedInBrackets() {
    TargetOrigin v6 = new TargetOrigin("http", "::1", 8080, "[::1]:8080");
    assertThat(norm(v6, "http://[::1]:8080/a")).isEqualTo("{origin}/a");
  }

  @Test
  void noOriginNormalisesNothing() {
    assertThat(norm(TargetOrigin.NONE, "http://127.0.0.1:8080/a"))
        .isEqualTo("http://127.0.0.1:8080/a");
  }
}
